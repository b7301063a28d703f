/**
 * Finds the metric names a PromQL expression reads. Label names, functions, keywords, strings,
 * durations, numbers and Grafana template variables are not metric names and are skipped.
 */

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'atan2',
  'inf',
  'nan',
]);

/** Keywords followed by a parenthesised list of label names. */
const LABEL_LIST_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

interface Token {
  kind: 'identifier' | 'punctuation';
  text: string;
}

export function extractMetricNames(expression: string): Set<string> {
  const tokens = tokenize(expression);
  const names = new Set<string>();

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind !== 'identifier') continue;

    const lower = token.text.toLowerCase();
    if (LABEL_LIST_KEYWORDS.has(lower)) {
      index = skipLabelList(tokens, index + 1);
      continue;
    }
    if (KEYWORDS.has(lower)) continue;

    // A function call, or an aggregation written `sum by (label) (...)`.
    const next = tokens[index + 1]?.text.toLowerCase();
    if (next === '(' || next === 'by' || next === 'without') continue;

    names.add(token.text);
  }

  return names;
}

/** `foo_bucket`, `foo_sum` and `foo_count` are samples of the histogram or summary `foo`. */
export function histogramBaseName(name: string): string | undefined {
  const suffix = HISTOGRAM_SUFFIXES.find((candidate) => name.endsWith(candidate));
  return suffix === undefined ? undefined : name.slice(0, -suffix.length);
}

function skipLabelList(tokens: Token[], start: number): number {
  if (tokens[start]?.text !== '(') return start - 1;

  let index = start + 1;
  while (index < tokens.length && tokens[index]!.text !== ')') index += 1;
  return index;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;

  while (index < expression.length) {
    const char = expression[index]!;

    if (char === '"' || char === "'" || char === '`') {
      index = endOfString(expression, index);
      continue;
    }
    if (char === '#') {
      index = endOfLine(expression, index);
      continue;
    }
    if (char === '{') {
      index = endOfBlock(expression, index, '{', '}');
      tokens.push({ kind: 'punctuation', text: '{}' });
      continue;
    }
    if (char === '[') {
      index = endOfBlock(expression, index, '[', ']');
      continue;
    }
    if (char === '$') {
      index = endOfVariable(expression, index);
      continue;
    }
    if (/[0-9.]/.test(char)) {
      index = endOfWord(expression, index);
      continue;
    }
    if (/[a-zA-Z_:]/.test(char)) {
      const end = endOfWord(expression, index);
      tokens.push({ kind: 'identifier', text: expression.slice(index, end) });
      index = end;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char });
    }
    index += 1;
  }

  return tokens;
}

function endOfString(text: string, start: number): number {
  const quote = text[start];
  let index = start + 1;
  while (index < text.length && text[index] !== quote) {
    index += text[index] === '\\' && quote !== '`' ? 2 : 1;
  }
  return index + 1;
}

function endOfLine(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end + 1;
}

/** Skips label matchers or a range/subquery, including strings inside them. */
function endOfBlock(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' || char === "'" || char === '`') {
      index = endOfString(text, index);
      continue;
    }
    if (char === open) depth += 1;
    if (char === close) depth -= 1;
    index += 1;
    if (depth === 0) break;
  }
  return index;
}

/** Grafana variables: `$name`, `${name}`, `${name:format}`, `$__rate_interval`. */
function endOfVariable(text: string, start: number): number {
  if (text[start + 1] === '{') return endOfBlock(text, start + 1, '{', '}');
  return endOfWord(text, start + 1);
}

function endOfWord(text: string, start: number): number {
  let index = start;
  while (index < text.length && /[a-zA-Z0-9_:.]/.test(text[index]!)) index += 1;
  return index;
}
