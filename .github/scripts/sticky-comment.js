// Posts the review (review.md, plus the `cdktf diff` output when there is one) as one
// pull-request comment, updated in place on every push. Run by actions/github-script in
// .github/workflows/baseline-review.yml; test/workflow.test.ts runs it with a fake client.
const fs = require('node:fs');

/** Must equal REPORT_MARKER in tools/review/report.ts (a test checks it). */
const MARKER = '<!-- cdktf-org-security-baseline:review -->';
/** GitHub rejects comments over 65,536 characters. */
const LIMIT = 65536;

/**
 * Creates or updates the one comment that starts with MARKER.
 * @returns {Promise<{ action: 'created' | 'updated', id: number, length: number }>}
 */
module.exports = async function stickyComment({ github, context, review = 'review.md', diff = 'diff.txt' }) {
  let body = fs.existsSync(review)
    ? fs.readFileSync(review, 'utf8')
    : `${MARKER}\n**The review produced no report**: see the job log.`;
  if (!body.startsWith(MARKER)) body = `${MARKER}\n${body}`;
  const diffText = fs.existsSync(diff) ? fs.readFileSync(diff, 'utf8').trim() : '';
  if (diffText) {
    const block = `\n\n<details><summary>cdktf diff</summary>\n\n\`\`\`\n${diffText}\n\`\`\`\n\n</details>`;
    body += body.length + block.length <= LIMIT ? block : '\n\n_cdktf diff omitted to stay under the comment size limit: see the job log._';
  }
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
  const mine = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    return { action: 'updated', id: mine.id, length: body.length };
  }
  const created = await github.rest.issues.createComment({ owner, repo, issue_number, body });
  return { action: 'created', id: created.data.id, length: body.length };
};
