import { logBucketNames } from './buckets';
import { RuleContext, TerraformResource } from './rule';
import { blocks, isFalse, str } from './terraform';

/** What a CloudTrail trail records, read from its event selectors. */

type FieldSelector = Record<string, unknown>;

function fieldSelectors(selector: Record<string, unknown>): FieldSelector[] {
  return blocks(selector.field_selector);
}

function values(f: FieldSelector, op: string): string[] {
  const v = f[op];
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

const OPERATORS = ['equals', 'not_equals', 'starts_with', 'not_starts_with', 'ends_with', 'not_ends_with'];

/** True when the field selector is exactly `<field> equals [value]`. */
function equalsOnly(f: FieldSelector, value: string): boolean {
  return OPERATORS.every((op) => (op === 'equals' ? values(f, op).length === 1 && values(f, op)[0] === value : values(f, op).length === 0));
}

/**
 * Why the trail does not record every read and write management event; empty when it does.
 * Without selectors CloudTrail records all management events; advanced selectors need one that
 * selects `eventCategory = Management` and nothing else (a `readOnly` or `eventSource` field
 * drops some events).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
 */
export function managementEventGaps(trail: TerraformResource): string[] {
  const advanced = blocks(trail.config.advanced_event_selector);
  if (advanced.length > 0) {
    const all = advanced.some((s) => {
      const fs = fieldSelectors(s);
      return fs.length === 1 && fs[0].field === 'eventCategory' && equalsOnly(fs[0], 'Management');
    });
    return all ? [] : ['no advanced event selector records all management events (eventCategory = Management and no other field)'];
  }
  const basic = blocks(trail.config.event_selector);
  if (basic.length === 0) return [];
  const all = basic.some(
    (s) =>
      !isFalse(s.include_management_events) &&
      (s.read_write_type === undefined || s.read_write_type === 'All') &&
      (!Array.isArray(s.exclude_management_event_sources) || s.exclude_management_event_sources.length === 0),
  );
  return all ? [] : ['no event selector records all management events (include_management_events = true, read_write_type = "All", no excluded sources)'];
}

/** Which S3 object-level operations a check needs recorded. */
export type S3Access = 'write' | 'read';

/**
 * Why the trail does not record S3 object-level `access` events of every bucket; empty when it
 * does. Excluding the log buckets themselves (see {@link logBucketNames}) still counts as every
 * bucket; any other ARN filter, or a filter on event names, does not.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22
 */
export function s3DataEventGaps(trail: TerraformResource, access: S3Access, context: RuleContext): string[] {
  const advanced = blocks(trail.config.advanced_event_selector);
  const wanted = access === 'write' ? 'false' : 'true';
  if (advanced.length > 0) {
    const logPrefixes = [...logBucketNames(context)].map((n) => `arn:aws:s3:::${n}`);
    const covers = advanced.some((s) => {
      const fs = fieldSelectors(s);
      const by = (field: string) => fs.filter((f) => f.field === field);
      if (!by('eventCategory').some((f) => equalsOnly(f, 'Data'))) return false;
      if (!by('resources.type').some((f) => equalsOnly(f, 'AWS::S3::Object'))) return false;
      const ro = by('readOnly');
      if (ro.length > 0 && !ro.every((f) => equalsOnly(f, wanted))) return false;
      const arn = by('resources.ARN');
      const onlyLogBucketsExcluded = arn.every((f) =>
        OPERATORS.every((op) =>
          op === 'not_starts_with'
            ? values(f, op).every((v) => logPrefixes.some((p) => v === p || v === `${p}/`))
            : values(f, op).length === 0,
        ),
      );
      const others = fs.filter((f) => !['eventCategory', 'resources.type', 'readOnly', 'resources.ARN'].includes(String(f.field)));
      return onlyLogBucketsExcluded && others.length === 0;
    });
    return covers
      ? []
      : [
          `no advanced event selector records ${access} data events of every S3 bucket (eventCategory = Data, resources.type = AWS::S3::Object, ` +
            `readOnly absent or ${wanted}, no resources.ARN filter beyond excluding the log buckets)`,
        ];
  }
  const modes = access === 'write' ? ['All', 'WriteOnly'] : ['All', 'ReadOnly'];
  const covers = blocks(trail.config.event_selector).some(
    (s) =>
      modes.includes(str(s.read_write_type) ?? 'All') &&
      blocks(s.data_resource).some(
        (d) => d.type === 'AWS::S3::Object' && Array.isArray(d.values) && d.values.some((v) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::'),
      ),
  );
  return covers ? [] : [`no event selector records ${access} data events of every S3 bucket (data_resource AWS::S3::Object with "arn:aws:s3")`];
}
