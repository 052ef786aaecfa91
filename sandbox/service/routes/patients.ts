// Patients: read by id (read-simple), prefix search with appointment counts (read-complex), create (write-simple).
// No org_id filter appears in these queries on purpose: row-level security supplies it.
import { HttpError } from '../errors.ts';
import { intInRange, namePrefix, newPatient, positiveId } from '../validate.ts';
import { route } from './route.ts';

interface PatientRow {
  id: string;
  org_id: number;
  name: string;
  birth_date: string;
  created_at: Date;
}

const PATIENT_COLUMNS = 'id, org_id, name, birth_date::text AS birth_date, created_at';

function patientJson(row: PatientRow) {
  return { id: Number(row.id), orgId: row.org_id, name: row.name, birthDate: row.birth_date, createdAt: row.created_at.toISOString() };
}

export const getPatient = route({
  method: 'GET',
  path: /^\/v1\/patients\/([^/]+)$/,
  slo: 'read-simple',
  parse: (ctx) => positiveId(ctx.params[0], 'id'),
  async run(tx, id) {
    const res = await tx.query<PatientRow>(`SELECT ${PATIENT_COLUMNS} FROM patients WHERE id = $1`, [id]);
    const row = res.rows[0];
    if (!row) throw new HttpError(404, 'not_found', `patient ${id} not found in this organisation`);
    return { status: 200, body: patientJson(row) };
  },
});

interface ListRow {
  id: string;
  name: string;
  birth_date: string;
  appointment_count: number;
  upcoming_count: number;
}

export const listPatients = route({
  method: 'GET',
  path: /^\/v1\/patients$/,
  slo: 'read-complex',
  parse: (ctx) => ({ prefix: namePrefix(ctx.query.get('q')), limit: intInRange(ctx.query.get('limit'), 'limit', 1, 200, 50) }),
  async run(tx, input) {
    // Page of patients by name first, then count each one's appointments (the index on (org_id, search_name, id)
    // serves the prefix and the order; appointments_patient_starts_idx serves the counts).
    const res = await tx.query<ListRow>(
      `SELECT p.id, p.name, p.birth_date::text AS birth_date, c.appointment_count, c.upcoming_count
       FROM (SELECT id, name, search_name, birth_date FROM patients WHERE starts_with(search_name, $1) ORDER BY search_name, id LIMIT $2) p
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS appointment_count,
                count(*) FILTER (WHERE a.starts_at >= now() AND a.status = 'booked')::int AS upcoming_count
         FROM appointments a WHERE a.patient_id = p.id) c
       ORDER BY p.search_name, p.id`,
      [input.prefix, input.limit],
    );
    const items = res.rows.map((r) => ({ id: Number(r.id), name: r.name, birthDate: r.birth_date, appointmentCount: r.appointment_count, upcomingCount: r.upcoming_count }));
    return { status: 200, body: { items, count: items.length } };
  },
});

export const createPatient = route({
  method: 'POST',
  path: /^\/v1\/patients$/,
  slo: 'write-simple',
  parse: (ctx) => newPatient(ctx.body),
  async run(tx, input, orgId) {
    const res = await tx.query<PatientRow>(
      `INSERT INTO patients (org_id, name, birth_date) VALUES ($1, $2, $3) RETURNING ${PATIENT_COLUMNS}`,
      [orgId, input.name, input.birthDate],
    );
    const row = res.rows[0]!;
    return { status: 201, body: patientJson(row), headers: { location: `/v1/patients/${row.id}` } };
  },
});
