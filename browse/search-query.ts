// Turns what a user types after `agentlog search` into an FTS5 query: words, "phrases", prefix*,
// AND/OR/NOT and parentheses pass through; any other word (next.config.js, build-prod, a/b) is
// quoted, so it is searched as the phrase of its parts instead of failing as FTS5 syntax.

const OPERATORS = new Set(['AND', 'OR', 'NOT']);
const BAREWORD = /^[\p{L}\p{N}_]+\*?$/u;

export class SearchQueryError extends Error {}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The FTS5 MATCH expression for a user's query; throws SearchQueryError when nothing is left to search. */
export function ftsQuery(input: string): string {
  const out: string[] = [];
  let i = 0;
  const s = input.trim();
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      out.push(ch);
      i++;
      continue;
    }
    if (ch === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) throw new SearchQueryError(`the query ${JSON.stringify(input)} has an unclosed quote`);
      const phrase = s.slice(i + 1, end);
      // A prefix right after a phrase ("set up rew"*) is FTS5 syntax too.
      const star = s[end + 1] === '*';
      if (phrase.trim()) out.push(quote(phrase) + (star ? '*' : ''));
      i = end + (star ? 2 : 1);
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s()"]/.test(s[j]!)) j++;
    const word = s.slice(i, j);
    i = j;
    if (OPERATORS.has(word) || BAREWORD.test(word)) out.push(word);
    else {
      const star = word.endsWith('*');
      const body = star ? word.slice(0, -1) : word;
      // Nothing to search in a word made only of punctuation: FTS5 would find no token in it.
      if (/[\p{L}\p{N}]/u.test(body)) out.push(quote(body) + (star ? '*' : ''));
    }
  }
  if (!out.some((t) => t !== '(' && t !== ')' && !OPERATORS.has(t)))
    throw new SearchQueryError(`the query ${JSON.stringify(input)} has no word to search for`);
  return out.join(' ');
}
