import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(import.meta.dirname, '../../..');

/**
 * Lints a few lines as if they were in an existing file, with the repository's eslint.config.js,
 * running only the rules under test. Those rules read imports and comments, not types, so the
 * type-aware parser setup (a TypeScript program per run, seconds each) is switched off here.
 */
export function snippetLinter(ruleIds: readonly string[]) {
  const eslint = new ESLint({
    cwd: root,
    ruleFilter: ({ ruleId }) => ruleIds.includes(ruleId),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
  return async (filePath: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
    const messages = result?.messages ?? [];
    // A parse error or a rule crash would otherwise read as "no violation".
    const fatal = messages.find((m) => m.fatal || m.ruleId === null);
    if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
    return messages
      .filter((m) => m.ruleId !== null && ruleIds.includes(m.ruleId))
      .map((m) => m.message);
  };
}
