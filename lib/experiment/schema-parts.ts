// Building blocks shared by the experiment and environment schemas.

export const DURATION_SCHEMA = {
  type: 'string',
  format: 'duration',
  description: 'A duration like "500ms", "90s", "2m" or "1m30s".',
} as const;

export const NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

// The SLO classes every request is tagged with: one list, owned by the scenarios that tag the requests.
export { CATEGORIES, type Category } from '../../scenarios/lib/slo.ts';

export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
