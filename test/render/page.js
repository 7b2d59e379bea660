/* global window, document, Node, NodeFilter, mermaid */
// Runs in the page (test/render/browser.ts adds it after mermaid.min.js). window.aneCheckRender(html) takes
// marked's HTML for one comment or summary, does to it roughly what github.com does to user content, renders the
// Mermaid blocks and returns what the test asserts on.
//
// The sanitization approximates github.com's, which is not public: it follows the allowlist of html-pipeline's
// SanitizationFilter, the open-source version of GitHub's user-content pipeline
// (https://github.com/gjtorikian/html-pipeline/blob/main/lib/html_pipeline/sanitization_filter.rb, and the 2.x
// lib/html/pipeline/sanitization_filter.rb with its list and table transformers), and the Sanitize gem's default
// of dropping script, style, iframe, svg and the like with their contents. Mentions and issue references are
// linked as html-pipeline's MentionFilter and IssueMentionFilter do (lib/html_pipeline/node_filter/mention_filter.rb,
// lib/html/pipeline/issue_mention_filter.rb). Known differences: GitHub marks code blocks `<pre lang="x">`, where
// marked writes `<code class="language-x">` (kept here as the only class allowed); GitHub proxies images through
// camo and renders Mermaid in an iframe.
(() => {
  const ELEMENTS = new Set(
    'h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p ol ul table thead tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details caption figure figcaption abbr bdo cite dfn mark small span time wbr'.split(' '),
  );
  /** Removed with everything inside them (the rest of the elements not allowed leave their contents). */
  const DROPPED = new Set('script style iframe svg math noembed noframes noscript plaintext xmp template object embed'.split(' '));
  const ATTRIBUTES = {
    a: ['href'],
    img: ['src', 'longdesc'],
    div: ['itemscope', 'itemtype'],
    blockquote: ['cite'],
    del: ['cite'],
    ins: ['cite'],
    q: ['cite'],
  };
  const ALL_ATTRIBUTES = new Set(
    'abbr accept accept-charset accesskey action align alt aria-describedby aria-hidden aria-label aria-labelledby axis border cellpadding cellspacing char charoff charset checked clear cols colspan color compact coords datetime dir disabled enctype for frame headers height hreflang hspace id ismap label lang maxlength media method multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows rowspan rules scope selected shape size span start summary tabindex title type usemap valign value width itemprop'.split(
      ' ',
    ),
  );
  const RELATIVE = 'relative';
  const PROTOCOLS = {
    a: { href: ['http', 'https', 'mailto', RELATIVE, 'github-windows', 'github-mac', 'x-github-client'] },
    blockquote: { cite: ['http', 'https', RELATIVE] },
    del: { cite: ['http', 'https', RELATIVE] },
    ins: { cite: ['http', 'https', RELATIVE] },
    q: { cite: ['http', 'https', RELATIVE] },
    img: { src: ['http', 'https', RELATIVE], longdesc: ['http', 'https', RELATIVE] },
  };
  const LISTS = new Set(['ul', 'ol']);
  const TABLE_PARTS = new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);

  /** As the Sanitize gem reads a URL's protocol: the text before the first colon, unless a slash or # comes first. */
  function protocolAllowed(value, allowed) {
    const match = /^\s*([^/#]*?):/u.exec(value);
    return match ? allowed.includes(match[1].toLowerCase()) : allowed.includes(RELATIVE);
  }

  function hasAncestor(node, names) {
    for (let parent = node.parentElement; parent; parent = parent.parentElement) if (names.has(parent.localName)) return true;
    return false;
  }

  function unwrap(element) {
    element.replaceWith(...element.childNodes);
  }

  /** Cleans `parent`'s children in place; records what it took away in `removed`. */
  function sanitize(parent, removed) {
    for (const node of [...parent.childNodes]) {
      if (node.nodeType === Node.COMMENT_NODE) {
        removed.push(`comment ${node.data.trim()}`);
        node.remove();
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const name = node.localName;
        if (DROPPED.has(name)) {
          removed.push(`<${name}> with its contents`);
          node.remove();
          continue;
        }
        sanitize(node, removed);
        if (!ELEMENTS.has(name)) {
          removed.push(`<${name}>`);
          unwrap(node);
          continue;
        }
        for (const attribute of [...node.attributes]) {
          const allowed =
            ALL_ATTRIBUTES.has(attribute.name) ||
            (ATTRIBUTES[name] ?? []).includes(attribute.name) ||
            // Stands in for GitHub's <pre lang="x">: the language of a fenced block.
            (name === 'code' && attribute.name === 'class' && /^language-[\w-]+$/u.test(attribute.value));
          const protocols = PROTOCOLS[name]?.[attribute.name];
          if (!allowed || (protocols && !protocolAllowed(attribute.value, protocols))) {
            removed.push(`${name}[${attribute.name}]`);
            node.removeAttribute(attribute.name);
          }
        }
        // html-pipeline's transformers: no <li> outside a list, no table part outside a table.
        if ((name === 'li' && !hasAncestor(node, LISTS)) || (TABLE_PARTS.has(name) && !hasAncestor(node, new Set(['table'])))) {
          removed.push(`<${name}> out of place`);
          unwrap(node);
        }
      } else if (node.nodeType !== Node.TEXT_NODE) {
        node.remove();
      }
    }
  }

  // html-pipeline's patterns, with its atomic group written as a lookahead and backreference.
  const FOLLOWED = String.raw`(?!\/)(?=\.+[ \t\W]|\.+$|[^0-9a-zA-Z_.]|$)`;
  const LINKERS = [
    { pattern: new RegExp(String.raw`(^|\W)@(?=([a-z0-9][a-z0-9-]*))\2${FOLLOWED}`, 'gi'), className: 'user-mention', href: (id) => `https://github.com/${id}`, sign: '@' },
    { pattern: new RegExp(String.raw`(^|\W)#(?=([0-9]+))\2${FOLLOWED}`, 'g'), className: 'issue-mention', href: (id) => `https://github.com/octo-org/ml-app/issues/${id}`, sign: '#' },
  ];
  const IGNORE_PARENTS = new Set(['pre', 'code', 'a', 'style', 'script']);

  /** Links @mentions and #references in text outside code and links, as GitHub does after sanitizing. */
  function linkReferences(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) if (!hasAncestor(walker.currentNode, IGNORE_PARENTS)) texts.push(walker.currentNode);
    for (const text of texts) {
      let html = null;
      const escape = (value) => value.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
      let source = escape(text.data);
      for (const { pattern, className, href, sign } of LINKERS) {
        const replaced = source.replace(pattern, (_match, before, id) => `${before}<a class="${className}" href="${href(id)}">${sign}${id}</a>`);
        if (replaced !== source) html = source = replaced;
      }
      if (html !== null) {
        const template = document.createElement('template');
        template.innerHTML = html;
        text.replaceWith(template.content);
      }
    }
  }

  /** Text as a reader sees it: zero-width characters (GitHub's or ane-check's) dropped, whitespace collapsed. */
  const clean = (text) => (text ?? '').replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/gu, '').replace(/\s+/gu, ' ').trim();

  /** Renders each fenced Mermaid block in place of its <pre>, as GitHub does; returns what each one became. */
  async function renderMermaid(root) {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
    const results = [];
    const blocks = [...root.querySelectorAll('pre > code.language-mermaid')];
    for (const [index, code] of blocks.entries()) {
      const source = code.textContent;
      // The diagram's kind is its first word after any `%%` directive or comment line.
      const result = { kind: source.replace(/^\s*%%.*$/gmu, '').trim().split(/\s+/u)[0] ?? '', source, svg: false, error: null, errorIcon: false, linePoints: [], bars: [], pieSlices: 0 };
      const figure = document.createElement('div');
      figure.className = 'mermaid-figure';
      try {
        const { svg } = await mermaid.render(`mermaid-${index}`, source);
        figure.innerHTML = svg;
        const element = figure.querySelector('svg');
        result.svg = element !== null;
        result.errorIcon = figure.querySelector('.error-icon') !== null;
        if (/Syntax error/u.test(figure.textContent)) result.error = 'the diagram says: Syntax error';
        for (const path of figure.querySelectorAll('g[class^="line-plot-"] > path')) result.linePoints.push((path.getAttribute('d') ?? '').match(/[ML]/gu)?.length ?? 0);
        for (const group of figure.querySelectorAll('g[class^="bar-plot-"]')) result.bars.push(group.querySelectorAll('rect').length);
        result.pieSlices = figure.querySelectorAll('path.pieCircle').length;
      } catch (error) {
        result.error = String(error?.message ?? error);
        figure.textContent = `Mermaid error: ${result.error}`;
        figure.className = 'mermaid-figure mermaid-error';
      }
      // mermaid.render leaves nothing behind on success; on a failure its scratch element may stay in <body>.
      document.querySelector(`body > #dmermaid-${index}`)?.remove();
      code.parentElement.replaceWith(figure);
      results.push(result);
    }
    return results;
  }

  window.aneCheckRender = async (html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    // The HTML comments as Markdown left them (sanitizing removes them): a marker must be the first node.
    const comments = [];
    const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_COMMENT);
    while (walker.nextNode()) comments.push(walker.currentNode.data.trim());
    const firstNode = [...template.content.childNodes].find((node) => node.nodeType !== Node.TEXT_NODE || node.data.trim() !== '');
    const firstComment = firstNode?.nodeType === Node.COMMENT_NODE ? firstNode.data.trim() : null;

    // What marked made of the Markdown before any cleaning: what the body itself asked for.
    const elements = [...template.content.querySelectorAll('*')];
    const raw = {
      elements: [...new Set(elements.map((element) => element.localName))].sort(),
      eventAttributes: elements.flatMap((element) => [...element.attributes].filter((attribute) => /^on/iu.test(attribute.name)).map((attribute) => `${element.localName}[${attribute.name}]`)),
    };

    const removed = [];
    sanitize(template.content, removed);
    linkReferences(template.content);
    const article = document.getElementById('body');
    article.replaceChildren(template.content);
    const sanitizedHtml = article.innerHTML;
    const mermaidBlocks = await renderMermaid(article);
    await document.fonts.ready;

    // The lines a reader sees with every <details> open (innerText leaves closed ones out).
    const closed = [...article.querySelectorAll('details:not([open])')];
    for (const details of closed) details.open = true;
    const lines = article.innerText.split('\n').map(clean).filter((line) => line !== '');
    for (const details of closed) details.open = false;

    const all = [...article.querySelectorAll('*')];
    // The body's text without the diagrams; theirs apart, without their stylesheets.
    const withoutDiagrams = article.cloneNode(true);
    for (const figure of withoutDiagrams.querySelectorAll('.mermaid-figure > svg')) figure.remove();
    const diagramText = [...article.querySelectorAll('.mermaid-figure > svg')].map((svg) => {
      const copy = svg.cloneNode(true);
      for (const style of copy.querySelectorAll('style')) style.remove();
      return clean(copy.textContent);
    });
    return {
      raw,
      comments,
      firstComment,
      removed,
      sanitizedHtml,
      mermaid: mermaidBlocks,
      text: clean(withoutDiagrams.textContent),
      diagramText,
      lines,
      headings: [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) => ({ level: Number(heading.localName[1]), text: clean(heading.textContent) })),
      anchors: [...article.querySelectorAll('a')].map((anchor) => ({ text: clean(anchor.textContent), href: anchor.getAttribute('href'), className: anchor.className })),
      tables: [...article.querySelectorAll('table')].map((table) => ({
        headers: [...table.querySelectorAll('thead th')].map((cell) => clean(cell.textContent)),
        rows: [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => clean(cell.textContent))),
      })),
      details: [...article.querySelectorAll('details')].map((details) => ({
        summary: details.firstElementChild?.localName === 'summary' ? clean(details.firstElementChild.textContent) : null,
      })),
      emphasis: [...article.querySelectorAll('strong, em, b, i')].map((element) => clean(element.textContent)),
      listItems: [...article.querySelectorAll('li')].map((item) => clean(item.textContent)),
      codeBlocks: [...article.querySelectorAll('pre')].map((pre) => ({ language: /language-([\w-]+)/u.exec(pre.querySelector('code')?.className ?? '')?.[1] ?? null, text: pre.textContent })),
      counts: {
        img: article.querySelectorAll('img').length,
        script: document.querySelectorAll('body script').length,
        iframe: article.querySelectorAll('iframe').length,
        style: article.querySelectorAll('style').length - article.querySelectorAll('.mermaid-figure svg style').length,
        svg: article.querySelectorAll('.mermaid-figure > svg').length,
      },
      eventAttributes: all.flatMap((element) => [...element.attributes].filter((attribute) => /^on/iu.test(attribute.name)).map((attribute) => `${element.localName}[${attribute.name}]`)),
      scriptUrls: all.flatMap((element) =>
        [...element.attributes].filter((attribute) => /^\s*(javascript|vbscript|data):/iu.test(attribute.value)).map((attribute) => `${element.localName}[${attribute.name}]`),
      ),
    };
  };
})();
