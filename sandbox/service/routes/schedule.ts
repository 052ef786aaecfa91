// A specialist's appointments in a time window, joined to patients and forms (read-complex).
import { HttpError } from '../errors.ts';
import { positiveId, timeWindow } from '../validate.ts';
import { route } from './route.ts';

export const SCHEDULE_ROW_LIMIT = 1000;

interface SpecialistRow {
  id: number;
  name: string;
  speciality: string;
}

interface SlotRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  patient_id: string;
  patient_name: string;
  form_count: number;
}

export const getSchedule = route({
  method: 'GET',
  path: /^\/v1\/specialists\/([^/]+)\/schedule$/,
  slo: 'read-complex',
  parse: (ctx) => ({ id: positiveId(ctx.params[0], 'id'), ...timeWindow(ctx.query.get('from'), ctx.query.get('to')) }),
  async run(tx, input) {
    const spec = await tx.query<SpecialistRow>('SELECT id, name, speciality FROM specialists WHERE id = $1', [input.id]);
    const specialist = spec.rows[0];
    if (!specialist) throw new HttpError(404, 'not_found', `specialist ${input.id} not found in this organisation`);
    const res = await tx.query<SlotRow>(
      `SELECT a.id, a.starts_at, a.ends_at, a.status, p.id AS patient_id, p.name AS patient_name,
              (SELECT count(*)::int FROM forms f WHERE f.appointment_id = a.id) AS form_count
       FROM appointments a JOIN patients p ON p.id = a.patient_id
       WHERE a.specialist_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
       ORDER BY a.starts_at LIMIT ${SCHEDULE_ROW_LIMIT}`,
      [input.id, input.from, input.to],
    );
    const appointments = res.rows.map((r) => ({
      id: Number(r.id),
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      status: r.status,
      patient: { id: Number(r.patient_id), name: r.patient_name },
      formCount: r.form_count,
    }));
    return {
      status: 200,
      body: { specialist, from: input.from.toISOString(), to: input.to.toISOString(), appointments, truncated: appointments.length === SCHEDULE_ROW_LIMIT },
    };
  },
});
