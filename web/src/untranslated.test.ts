// Every word a person reads is in the catalogues: text between JSX tags, the attributes people
// hear or see (aria-label, placeholder, title, alt, label, what) and confirm() questions must come
// from a message (FormattedMessage, intl.formatMessage), never a bare English literal. Read with
// TypeScript's own parser, so a string is found wherever it sits.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const SOURCE = join(__dirname);
const SPOKEN = new Set(["aria-label", "placeholder", "title", "alt", "label", "what", "legend"]);
const WORDS = /[A-Za-z]{2,}/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "api" ? [] : files(path);
    return name.endsWith(".tsx") && !name.includes(".test.") ? [path] : [];
  });
}

/** The words a literal holds itself (a template's `${...}` parts are code, not words). */
function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return node.head.text + node.templateSpans.map((span) => span.literal.text).join(" ");
}

/** A form rule's message: `{ required: "..." }`, `{ message: "..." }`, or what `validate` answers. */
function isFormMessage(node: ts.Node): boolean {
  const at = node.parent;
  if (ts.isPropertyAssignment(at) && at.initializer === node) return ["required", "message"].includes(at.name.getText());
  let top: ts.Node = node;
  while ((ts.isBinaryExpression(top.parent) && top.parent.right === top)
    || (ts.isConditionalExpression(top.parent) && top.parent.condition !== top)) top = top.parent;
  const arrow = top.parent;
  return ts.isArrowFunction(arrow) && arrow.body === top && ts.isPropertyAssignment(arrow.parent)
    && arrow.parent.name.getText() === "validate";
}

/** A literal that is the value of a JSX expression, maybe through `a ? b : c`, `a && b` or `( )`. */
function shownInJsx(node: ts.Node): boolean {
  let at = node.parent;
  while (ts.isConditionalExpression(at) || ts.isParenthesizedExpression(at)
    || (ts.isBinaryExpression(at) && at.right === node)) {
    if (ts.isConditionalExpression(at) && at.condition === node) return false;
    node = at;
    at = at.parent;
  }
  return ts.isJsxExpression(at) && !ts.isJsxAttribute(at.parent);
}

/** The bare English a file shows, as "line: text". */
export function bareText(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const say = (node: ts.Node, words: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${line}: ${words.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) say(node, node.text);
    if (ts.isJsxAttribute(node) && SPOKEN.has(node.name.getText())) {
      const value = node.initializer;
      const literal = value && ts.isJsxExpression(value) ? value.expression : value;
      if (literal && (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal) || ts.isTemplateExpression(literal))
        && WORDS.test(literalText(literal))) say(node, ts.isStringLiteral(literal) ? literal.text : literal.getText());
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
      && WORDS.test(literalText(node)) && (shownInJsx(node) || isFormMessage(node))) say(node, node.getText());
    if (ts.isCallExpression(node) && /(^|\.)(confirm|alert)$/.test(node.expression.getText())) {
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isTemplateExpression(first))) say(node, first.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the client's words", () => {
  it("are found when bare", () => {
    const sample = 'const a = <p title="Open it">Hello <b>{name}</b>{n ? "Full" : `${n} left`}</p>; confirm("Sure?");';
    expect(bareText("x.tsx", sample)).toEqual(["1: Open it", "1: Hello", '1: "Full"', "1: `${n} left`", '1: "Sure?"']);
    expect(bareText("x.tsx", 'form.register("a", { required: "Enter it", validate: (v) => v > 1 || "Too small" });'))
      .toEqual(['1: "Enter it"', '1: "Too small"']);
    expect(bareText("x.tsx", "const a = <p>{`${event.location} · ${n}`}</p>;")).toEqual([]);
    expect(bareText("x.tsx", `<p aria-label={intl.formatMessage(m)}><FormattedMessage id="a" defaultMessage="Hi" /> · {n}</p>`)).toEqual([]);
  });

  it("all come from the catalogues", () => {
    const bare = files(SOURCE).flatMap((path) =>
      bareText(path, readFileSync(path, "utf8")).map((where) => `${relative(SOURCE, path)}:${where}`));
    expect(bare).toEqual([]);
  });
});
