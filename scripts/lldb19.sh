#!/usr/bin/env bash
# Makes Debian's LLDB 19 available beside the `lldb` package (lldb-14), which it conflicts with as a
# package: its .debs are downloaded and unpacked into a folder, and a `lldb` wrapper there sets the library
# path and the debug server. Prints the folder that holds the wrapper, to put first in PATH.
#   scripts/lldb19.sh [folder]   (default: /opt/ane-check-lldb19)
set -euo pipefail
dest=${1:-/opt/ane-check-lldb19}
root="$dest/root"
if [ ! -x "$root/usr/lib/llvm-19/bin/lldb" ]; then
  mkdir -p "$dest/debs"
  packages=(lldb-19 liblldb-19 libllvm19 libclang-cpp19)
  # apt-get download needs the package lists: read them once if they are missing or old.
  (cd "$dest/debs" && { apt-get download -qq "${packages[@]}" || { apt-get update -qq && apt-get download -qq "${packages[@]}"; }; } >&2 2>/dev/null) \
    || { echo "could not download ${packages[*]} with apt-get" >&2; exit 1; }
  for deb in "$dest"/debs/*.deb; do dpkg -x "$deb" "$root"; done
fi
mkdir -p "$dest/bin"
cat > "$dest/bin/lldb" <<WRAPPER
#!/bin/sh
export LD_LIBRARY_PATH="$root/usr/lib/llvm-19/lib:$root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export LLDB_DEBUGSERVER_PATH="$root/usr/lib/llvm-19/bin/lldb-server"
exec "$root/usr/lib/llvm-19/bin/lldb" "\$@"
WRAPPER
chmod +x "$dest/bin/lldb"
"$dest/bin/lldb" --version | grep -q 'lldb version 19' || { echo "LLDB 19 did not start from $dest" >&2; exit 1; }
echo "$dest/bin"
