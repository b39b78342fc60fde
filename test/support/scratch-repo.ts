import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A throw-away git repository holding a copy of this checkout's files (tracked and new, as they
 * are in the working tree), with this checkout's node_modules linked in, `main` committed and
 * `origin/main` pointing at it, as a CI checkout of a pull request has.
 */
export interface ScratchRepo {
  readonly dir: string;
  /** Runs git in the repository; throws with its output when it fails. */
  git(...args: string[]): string;
  /** Creates `branch` from `from`, applies `edit` to the files and commits. */
  branch(branch: string, from: string, edit: (dir: string) => void): void;
  /** Rewrites a file with `replace` and throws when the text did not change (the anchor moved). */
  edit(file: string, replace: (text: string) => string): void;
  remove(): void;
}

const ROOT = path.join(__dirname, '..', '..');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'scratch', GIT_AUTHOR_EMAIL: 'scratch@example.com', GIT_COMMITTER_NAME: 'scratch', GIT_COMMITTER_EMAIL: 'scratch@example.com' };

/** `prepare` edits the files before the base commit (e.g. adds the team's config file). */
export function scratchRepo(prepare?: (dir: string) => void): ScratchRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scratch-repo-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(from, path.join(dir, file));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  prepare?.(dir);
  git('init', '-q', '-b', 'main');
  appendFileSync(path.join(dir, '.git', 'info', 'exclude'), 'node_modules\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  const repo: ScratchRepo = {
    dir,
    git,
    branch(branch, from, edit) {
      git('checkout', '-q', '-b', branch, from);
      edit(dir);
      git('add', '-A');
      git('commit', '-q', '-m', branch);
    },
    edit(file, replace) {
      const p = path.join(dir, file);
      const before = readFileSync(p, 'utf8');
      const after = replace(before);
      if (after === before) throw new Error(`scratch edit of ${file} changed nothing: the text it anchors on has moved`);
      writeFileSync(p, after);
    },
    remove() {
      spawnSync('git', ['worktree', 'prune'], { cwd: dir });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return repo;
}

/** Reads a JSON file of the scratch repository, applies `change`, writes it back. */
export function editJson(dir: string, file: string, change: (json: any) => void): void {
  const p = path.join(dir, file);
  const json = JSON.parse(readFileSync(p, 'utf8'));
  change(json);
  writeFileSync(p, `${JSON.stringify(json, null, 2)}\n`);
}
