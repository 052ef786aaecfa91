// Deterministic, set-based seed data (generate_series, no per-row round trips). The id layout is the contract
// scenarios rely on: organisations 1..O; patients 1..P and specialists 1..S with org_id = ((id-1) % O) + 1.
// Appointments fill weekday hour slots 09:00..16:00 UTC over the 12 months around June 2026; every slot's
// values come from integer hashes of (specialist, day, hour), so the same size always yields the same rows.

export interface SeedSize {
  organisations: number;
  patients: number;
  specialists: number;
}

export const CONTRACT_SIZE: SeedSize = { organisations: 10, patients: 200_000, specialists: 500 };

/** First day of the seeded window; the window is 365 days (2025-12-01 .. 2026-11-30), centred on June 2026. */
export const SEED_WINDOW_START = '2025-12-01';
export const SEED_WINDOW_DAYS = 365;
/** Appointments before this are 'completed' in the seed (a fixed date keeps the seed deterministic). */
const COMPLETED_BEFORE = '2026-06-01';

export function validateSeedSize(size: SeedSize): void {
  for (const key of ['organisations', 'patients', 'specialists'] as const) {
    const v = size[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`seed.${key}: expected a positive integer, got ${String(v)}`);
  }
  for (const key of ['patients', 'specialists'] as const) {
    if (size[key] % size.organisations !== 0) {
      throw new Error(`seed.${key}: expected a multiple of seed.organisations (${size.organisations}) so every organisation gets the same share, got ${size[key]}`);
    }
  }
}

const FIRST = ['Ada', 'Alan', 'Alice', 'Amir', 'Ana', 'Ben', 'Bianca', 'Carla', 'Chen', 'Dara', 'David', 'Elena', 'Emil', 'Farah', 'Grace', 'Hana', 'Igor', 'Ines', 'Jonas', 'Julia', 'Kofi', 'Lara', 'Leo', 'Maya', 'Mateo', 'Nadia', 'Noah', 'Olga', 'Omar', 'Priya', 'Rosa', 'Sami', 'Sofia', 'Tariq', 'Uma', 'Vera', 'Yusuf'];
const LAST = ['Abbott', 'Bauer', 'Costa', 'Diaz', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Novak', 'Okafor', 'Patel', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhang', 'Brennan', 'Castillo', 'Dubois', 'Evans', 'Ferreira', 'Gupta', 'Horvat', 'Ivanova', 'Kim', 'Larsen', 'Meyer', 'Nakamura', 'Olsen', 'Petrov', 'Reyes', 'Schmidt', 'Takahashi', 'Vasquez', 'Walsh', 'Young', 'Zimmer', 'Almeida', 'Berg', 'Chowdhury', 'Duarte', 'Engel', 'Fontaine'];
const SPECIALITIES = ['General practice', 'Cardiology', 'Dermatology', 'Physiotherapy', 'Paediatrics', 'Psychology', 'Orthopaedics'];
const REASONS = ['check-up', 'follow-up', 'pain', 'prescription', 'test results', 'referral', 'vaccination'];

const arr = (xs: readonly string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])`;
// 37 first names and 53 surnames are coprime with 10, so names spread evenly over organisations.
const personName = (g: string) => `${arr(FIRST)}[1 + ${g} % ${FIRST.length}] || ' ' || ${arr(LAST)}[1 + (${g} / ${FIRST.length}) % ${LAST.length}]`;

export function seedStatements(size: SeedSize): Array<{ label: string; sql: string }> {
  const { organisations: O, patients: P, specialists: S } = size;
  const perOrg = P / O;
  // One hash per slot; big odd multipliers spread neighbouring slots apart. Fits comfortably in bigint.
  const slotHash = `(s.id::bigint * 7919 + d * 104729 + h * 15485863)`;
  return [
    {
      label: `${O} organisations`,
      sql: `INSERT INTO organisations (id, name, created_at)
            SELECT g, 'Clinic ' || g, timestamptz '2020-01-01' + g * interval '30 days' FROM generate_series(1, ${O}) g`,
    },
    {
      label: `${P} patients`,
      sql: `INSERT INTO patients (id, org_id, name, birth_date, created_at)
            SELECT g, ((g - 1) % ${O}) + 1, ${personName('g')},
                   date '1940-01-01' + ((g * 7919) % 29000)::integer,
                   timestamptz '2024-01-01' + (g % 700) * interval '1 day'
            FROM generate_series(1, ${P}) g`,
    },
    {
      label: `${S} specialists`,
      sql: `INSERT INTO specialists (id, org_id, name, speciality)
            SELECT g, ((g - 1) % ${O}) + 1, 'Dr ' || ${personName('(g * 11)')}, ${arr(SPECIALITIES)}[1 + g % ${SPECIALITIES.length}]
            FROM generate_series(1, ${S}) g`,
    },
    {
      // 5 of 8 weekday hour slots booked per specialist; ids encode (specialist, day, hour) so they are stable.
      label: 'appointments (about 1,300 per specialist)',
      sql: `INSERT INTO appointments (id, org_id, patient_id, specialist_id, starts_at, ends_at, status, created_at)
            SELECT ((s.id - 1)::bigint * ${SEED_WINDOW_DAYS} + d) * 8 + (h - 9) + 1, s.org_id,
                   s.org_id + ${O}::bigint * (${slotHash} % ${perOrg}), s.id, t.starts,
                   t.starts + CASE WHEN ${slotHash} % 3 = 0 THEN interval '45 minutes' ELSE interval '30 minutes' END,
                   CASE WHEN ${slotHash} % 23 = 0 THEN 'cancelled'
                        WHEN t.starts < timestamptz '${COMPLETED_BEFORE}' THEN 'completed' ELSE 'booked' END,
                   t.starts - interval '14 days'
            FROM specialists s
            CROSS JOIN generate_series(0, ${SEED_WINDOW_DAYS - 1}) d
            CROSS JOIN generate_series(9, 16) h
            CROSS JOIN LATERAL (SELECT timestamptz '${SEED_WINDOW_START} 00:00:00+00' + d * interval '1 day' + h * interval '1 hour' AS starts) t
            WHERE extract(isodow FROM t.starts) < 6 AND (s.id * 31 + d * 17 + h * 7) % 8 < 5`,
    },
    {
      label: 'intake forms (every second appointment)',
      sql: `INSERT INTO forms (id, org_id, appointment_id, kind, answers, created_at)
            SELECT a.id, a.org_id, a.id, 'intake',
                   jsonb_build_object('reason', ${arr(REASONS)}[1 + a.id % ${REASONS.length}], 'painScore', a.id % 11,
                                      'newPatient', a.id % 5 = 0, 'notes', repeat('x', (a.id % 64)::integer)),
                   a.created_at
            FROM appointments a WHERE a.id % 2 = 0`,
    },
  ];
}
