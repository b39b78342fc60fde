import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Props tables for the module READMEs, generated from the code with the TypeScript compiler API:
 * every `*Props` and `*Options` interface a module's `index.ts` exports, one row per property
 * (name, type as written, required or optional, `@default`, the doc text and its `@see` links).
 * A README holds each table between `<!-- props:start <Name> -->` and `<!-- props:end -->`;
 * `test/docs.test.ts` fails when a table differs from the code, and `UPDATE_DOCS=1` rewrites it.
 */

/** One documented property of a props interface. */
export interface PropRow {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly defaultValue?: string;
  readonly description: string;
  readonly see: readonly string[];
}

/** One exported props or options interface of a module. */
export interface PropsInterface {
  readonly name: string;
  readonly description: string;
  readonly rows: readonly PropRow[];
}

/** Interfaces whose names end like this get a table: construct props and grant/option bags. */
export const DOCUMENTED_INTERFACE = /(Props|Options)$/;

const ROOT = path.join(__dirname, '..', '..');

/** Every module folder (a folder of `modules/` with an `index.ts`), sorted. */
export function moduleNames(root = ROOT): string[] {
  const dir = path.join(root, 'modules');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** `{@link X}` and `{@link X text}` become `` `X` `` (or the text); whitespace collapses to one space. */
function cleanText(text: string): string {
  return text
    .replace(/\{@link(?:code|plain)?\s+([^}\s|]+)(?:[\s|]+([^}]*))?\}/g, (_m, name: string, label?: string) => (label?.trim() ? label.trim() : `\`${name}\``))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Markdown table cell: pipes escaped (GitHub honours `\|` inside code spans in tables too). */
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Prose for markdown: `<` and `>` outside code spans escaped, so `<bucketName>` is not taken for HTML. */
const prose = (s: string) => s.split(/(`[^`]*`)/).map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('');

/** A `@default`: `- behaviour` is prose; a value is code, unless it is already marked up. */
function defaultCell(d: string | undefined): string {
  if (d === undefined) return '-';
  if (d.startsWith('- ')) return prose(d.slice(2));
  return d.includes('`') ? prose(d) : `\`${d}\``;
}

function tagText(tag: ts.JSDocTagInfo): string {
  return cleanText(ts.displayPartsToString(tag.text ?? []));
}

/** A `@see` target as markdown: URLs become links, anything else is kept as written. */
function seeLink(text: string): string {
  const m = /^(https?:\/\/\S+)(?:\s+(.*))?$/.exec(text);
  if (!m) return text;
  return m[2] ? `[${m[2].replace(/^\(|\)$/g, '')}](${m[1]})` : `<${m[1]}>`;
}

/** The exported props/options interfaces of each module, read from its `index.ts` with the type checker. */
export function readModuleProps(modules: readonly string[] = moduleNames(), root = ROOT): Map<string, PropsInterface[]> {
  const entries = modules.map((m) => path.join(root, 'modules', m, 'index.ts'));
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const program = ts.createProgram(entries, { ...parsed.options, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const result = new Map<string, PropsInterface[]>();
  modules.forEach((m, i) => {
    const source = program.getSourceFile(entries[i]);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`modules/${m}/index.ts could not be read`);
    const found: PropsInterface[] = [];
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (!DOCUMENTED_INTERFACE.test(exported.name)) continue;
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.find(ts.isInterfaceDeclaration);
      if (!decl) continue;
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const rows = checker.getPropertiesOfType(type).map((prop): PropRow => {
        const propDecl = prop.declarations?.[0];
        const typeText =
          propDecl && ts.isPropertySignature(propDecl) && propDecl.type
            ? propDecl.type.getText().replace(/\s+/g, ' ')
            : checker.typeToString(checker.getTypeOfSymbol(prop));
        const tags = prop.getJsDocTags(checker);
        const def = tags.find((t) => t.name === 'default');
        return {
          name: prop.name,
          type: typeText,
          optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
          defaultValue: def ? tagText(def) : undefined,
          description: cleanText(ts.displayPartsToString(prop.getDocumentationComment(checker))),
          see: tags.filter((t) => t.name === 'see').map(tagText),
        };
      });
      found.push({
        name: exported.name,
        description: cleanText(ts.displayPartsToString(symbol.getDocumentationComment(checker))),
        rows,
      });
    }
    result.set(
      m,
      found.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
  return result;
}

/** The markdown table of one interface: property, type, required, default, description (with its `@see` links). */
export function propsTable(props: PropsInterface): string {
  const rows = props.rows.map((r) => {
    const see = r.see.length ? ` See ${r.see.map(seeLink).join(', ')}.` : '';
    const description = prose(r.description || '(undocumented)') + see;
    return `| \`${r.name}\` | \`${cell(r.type)}\` | ${r.optional ? 'no' : 'yes'} | ${cell(defaultCell(r.defaultValue))} | ${cell(description)} |`;
  });
  return ['| prop | type | required | default | description |', '|---|---|:-:|---|---|', ...rows].join('\n');
}

const startMarker = (name: string) => `<!-- props:start ${name} -->`;
const END_MARKER = '<!-- props:end -->';
const BLOCK = /<!-- props:start (\w+) -->\n[\s\S]*?<!-- props:end -->/g;

/** The text between a README's markers for `name`, or undefined when the README has no such block. */
export function tableInReadme(readme: string, name: string): string | undefined {
  const start = readme.indexOf(startMarker(name) + '\n');
  if (start < 0) return undefined;
  const from = start + startMarker(name).length + 1;
  const end = readme.indexOf('\n' + END_MARKER, from - 1);
  return end < 0 ? undefined : readme.slice(from, end);
}

/** Names of every props block in a README (a block for a name the module no longer exports is stale). */
export function blocksInReadme(readme: string): string[] {
  return [...readme.matchAll(BLOCK)].map((m) => m[1]);
}

/**
 * The README with every block rewritten from the code; a block that is missing is appended under
 * a `### <Name>` heading with the interface's doc line, and a stale block is removed.
 */
export function updateReadme(readme: string, interfaces: readonly PropsInterface[]): string {
  const byName = new Map(interfaces.map((p) => [p.name, p]));
  let text = readme.replace(BLOCK, (_block, name: string) => {
    const p = byName.get(name);
    return p ? `${startMarker(name)}\n${propsTable(p)}\n${END_MARKER}` : '';
  });
  for (const p of interfaces) {
    if (tableInReadme(text, p.name) !== undefined) continue;
    const intro = p.description ? `${p.description}\n\n` : '';
    text = `${text.replace(/\n*$/, '')}\n\n### ${p.name}\n\n${intro}${startMarker(p.name)}\n${propsTable(p)}\n${END_MARKER}\n`;
  }
  return text;
}

/** Rewrites every module README's tables from the code (`UPDATE_DOCS=1` in the test does the same). */
export function writeModuleReadmes(root = ROOT): string[] {
  const changed: string[] = [];
  for (const [m, interfaces] of readModuleProps(moduleNames(root), root)) {
    const file = path.join(root, 'modules', m, 'README.md');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : `# modules/${m}\n`;
    const after = updateReadme(before, interfaces);
    if (after !== before) {
      writeFileSync(file, after);
      changed.push(path.relative(root, file));
    }
  }
  return changed;
}
