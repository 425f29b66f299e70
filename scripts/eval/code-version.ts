import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The commit an evaluation runs, and whether `folders` (the code it runs) had uncommitted changes.
 * Read before the first scan: a commit made during a long run must not be credited with its figures.
 */
export function codeVersion(folders: readonly string[]): string {
  try {
    const commit = execFileSync('git', ['log', '-1', '--format=%h %cI'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ...folders], { cwd: root, encoding: 'utf8' }).trim();
    return `commit ${commit}${dirty ? `, with uncommitted changes in ${folders.join(', ')}` : ''}`;
  } catch {
    return 'git history not available';
  }
}
