/**
 * How the report names what a finding is about, in plain text (renderers escape it): `lstm op "lstm_0" in
 * main`, `custom layer "pool"`, `input "x"`, `the model`, each followed by its pipeline step when it has one.
 */
import type { Subject } from '../rules/index.js';

export function subjectText(subject: Subject): string {
  const step = subject.model !== undefined ? ` (${subject.model})` : '';
  const fn = subject.function !== undefined ? ` in ${subject.function}` : '';
  switch (subject.kind) {
    case 'op':
    case 'layer':
      return `${subject.type ?? subject.kind} ${subject.kind} "${subject.name}"${fn}${step}`;
    case 'model':
      return `the model${subject.function !== undefined ? `'s function ${subject.function}` : ''}${step}`;
    default:
      return `${subject.kind} "${subject.name}"${fn}${step}`;
  }
}
