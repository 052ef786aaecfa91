// Monthly appointments report for the caller's organisation (export class: heavy, 30 s query budget).
// It aggregates every appointment of the month joined to patients and intake forms.
import { month } from '../validate.ts';
import { route } from './route.ts';

interface SpecialistLine {
  specialist_id: number;
  name: string;
  speciality: string;
  appointments: number;
  cancelled: number;
  patients: number;
  booked_minutes: number;
  median_patient_age: number | null;
  forms: number;
  avg_pain_score: number | null;
}

interface DayLine {
  day: string;
  appointments: number;
  cancelled: number;
}

export const exportAppointments = route({
  method: 'GET',
  path: /^\/v1\/exports\/appointments$/,
  slo: 'export',
  long: true,
  parse: (ctx) => month(ctx.query.get('month')),
  async run(tx, m, orgId) {
    const bySpecialist = await tx.query<SpecialistLine>(
      `SELECT s.id AS specialist_id, s.name, s.speciality,
              count(*)::int AS appointments,
              count(*) FILTER (WHERE a.status = 'cancelled')::int AS cancelled,
              count(DISTINCT a.patient_id)::int AS patients,
              coalesce(sum(extract(epoch FROM a.ends_at - a.starts_at) / 60) FILTER (WHERE a.status <> 'cancelled'), 0)::int AS booked_minutes,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(year FROM age(a.starts_at, p.birth_date)))::float8 AS median_patient_age,
              count(f.id)::int AS forms,
              round(avg((f.answers ->> 'painScore')::numeric), 2)::float8 AS avg_pain_score
       FROM appointments a
       JOIN specialists s ON s.id = a.specialist_id
       JOIN patients p ON p.id = a.patient_id
       LEFT JOIN forms f ON f.appointment_id = a.id
       WHERE a.starts_at >= $1 AND a.starts_at < $2
       GROUP BY s.id ORDER BY s.id`,
      [m.start, m.end],
    );
    const byDay = await tx.query<DayLine>(
      `SELECT to_char(date_trunc('day', starts_at), 'YYYY-MM-DD') AS day, count(*)::int AS appointments,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
       FROM appointments WHERE starts_at >= $1 AND starts_at < $2 GROUP BY 1 ORDER BY 1`,
      [m.start, m.end],
    );
    const lines = bySpecialist.rows;
    const totals = {
      appointments: lines.reduce((s, l) => s + l.appointments, 0),
      cancelled: lines.reduce((s, l) => s + l.cancelled, 0),
      bookedMinutes: lines.reduce((s, l) => s + l.booked_minutes, 0),
      forms: lines.reduce((s, l) => s + l.forms, 0),
    };
    return {
      status: 200,
      body: {
        orgId,
        month: m.label,
        totals,
        bySpecialist: lines.map((l) => ({
          specialistId: l.specialist_id, name: l.name, speciality: l.speciality, appointments: l.appointments, cancelled: l.cancelled,
          patients: l.patients, bookedMinutes: l.booked_minutes, medianPatientAge: l.median_patient_age, forms: l.forms, avgPainScore: l.avg_pain_score,
        })),
        byDay: byDay.rows,
      },
    };
  },
});
