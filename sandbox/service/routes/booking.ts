// Booking (write-complex): one transaction that locks the specialist row, checks for an overlapping appointment,
// then inserts the appointment and its form. The row lock serialises bookings per specialist, so two requests for
// the same slot cannot both pass the overlap check.
import { HttpError } from '../errors.ts';
import { MAX_DURATION_MIN, newBooking } from '../validate.ts';
import { route } from './route.ts';

export const createAppointment = route({
  method: 'POST',
  path: /^\/v1\/appointments$/,
  slo: 'write-complex',
  parse: (ctx) => newBooking(ctx.body),
  async run(tx, input, orgId) {
    const endsAt = new Date(input.startsAt.getTime() + input.durationMin * 60_000);
    const spec = await tx.query('SELECT id FROM specialists WHERE id = $1 FOR UPDATE', [input.specialistId]);
    if (spec.rowCount === 0) throw new HttpError(404, 'specialist_not_found', `specialist ${input.specialistId} not found in this organisation`);
    const patient = await tx.query('SELECT id FROM patients WHERE id = $1', [input.patientId]);
    if (patient.rowCount === 0) throw new HttpError(404, 'patient_not_found', `patient ${input.patientId} not found in this organisation`);
    // The lower bound on starts_at (no appointment is longer than MAX_DURATION_MIN) keeps this an index range scan.
    const clash = await tx.query<{ id: string }>(
      `SELECT id FROM appointments
       WHERE specialist_id = $1 AND status <> 'cancelled' AND starts_at < $3 AND ends_at > $2
         AND starts_at > $2::timestamptz - make_interval(mins => ${MAX_DURATION_MIN})
       LIMIT 1`,
      [input.specialistId, input.startsAt, endsAt],
    );
    const clashing = clash.rows[0];
    if (clashing) {
      throw new HttpError(409, 'slot_taken', 'the specialist already has an appointment overlapping that time', { conflictingAppointmentId: Number(clashing.id) });
    }
    const appt = await tx.query<{ id: string }>(
      `INSERT INTO appointments (org_id, patient_id, specialist_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [orgId, input.patientId, input.specialistId, input.startsAt, endsAt],
    );
    const appointmentId = appt.rows[0]!.id;
    const kind = typeof input.form.kind === 'string' && input.form.kind.length <= 50 ? input.form.kind : 'intake';
    const form = await tx.query<{ id: string }>(
      'INSERT INTO forms (org_id, appointment_id, kind, answers) VALUES ($1, $2, $3, $4) RETURNING id',
      [orgId, appointmentId, kind, JSON.stringify(input.form)],
    );
    return {
      status: 201,
      headers: { location: `/v1/appointments/${appointmentId}` },
      body: {
        id: Number(appointmentId),
        formId: Number(form.rows[0]!.id),
        patientId: input.patientId,
        specialistId: input.specialistId,
        startsAt: input.startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        status: 'booked',
      },
    };
  },
});
