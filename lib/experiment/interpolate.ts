import type { InputProblem } from '../errors.ts';

const VARIABLE = /\$\$\{|\$\{([^}]*)\}/g;

/**
 * Replace `${name}` in every string of `value` with `vars[name]`; `$${` stays a literal `${`.
 * Unknown or malformed variables are problems located at the field that uses them.
 */
export function interpolate(value: unknown, vars: Readonly<Record<string, string>>, path = '', problems: InputProblem[] = []): { value: unknown; problems: InputProblem[] } {
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') return replace(v, at);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}[${i}]`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, at ? `${at}.${k}` : k)]));
    }
    return v;
  };
  const replace = (text: string, at: string): string =>
    text.replace(VARIABLE, (match, name: string | undefined) => {
      if (match === '$${') return '${';
      const key = (name ?? '').trim();
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
        problems.push({ path: at, message: `"${match}" is not a valid variable; use \${name} with letters, digits, _ . -` });
        return match;
      }
      const found = vars[key];
      if (found === undefined) {
        const known = Object.keys(vars).sort();
        problems.push({ path: at, message: `unknown variable \${${key}}; the environment defines ${known.length ? known.join(', ') : 'no variables'}` });
        return match;
      }
      return found;
    });
  return { value: walk(value, path), problems };
}
