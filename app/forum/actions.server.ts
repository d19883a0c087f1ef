import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { addAgendaItem, confirmAttendance, removeAgendaItem, scheduleSessions } from "./sessions.server.ts";
import { addMember, endMemberTerm, publishRules } from "./members.server.ts";
import { approveMinutes, circulateMinutes } from "./minutes.server.ts";
import {
  castVote,
  closeMotion,
  endSession,
  openMotion,
  recordAgreement,
  startSession,
  takeRollCall,
  updateAgreement,
} from "./meeting.server.ts";
import { type ForumFailure } from "./forum.server.ts";
import { formError, type FormReply } from "~/utils/form-reply.ts";
import { textResponse } from "~/utils/responses.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import {
  agendaItemSchema,
  agreementSchema,
  agreementUpdateSchema,
  memberSchema,
  motionSchema,
  parseDueDate,
  parseLimaDateTime,
  rulesSchema,
  scheduleSchema,
} from "./forms.ts";
import { isAttendanceStatus, isVoteChoice, type AttendanceStatus } from "./rules.ts";

// The one action behind every form of the forum's pages (plain form posts that work without
// JavaScript): `intent` names the act. Success redirects back with a notice (`?hecho=<key>`);
// a malformed form answers 400 with the form's errors and the input kept; a refused act 403
// (a refused vote says why); an unknown session, motion or agreement 404.

export type ForumActionData = FormReply;

const notFound = (request: Request) => textResponse(request, 404, "responses.forumNotFound");
const forbidden = (request: Request) => textResponse(request, 403, "responses.forbidden");

function failure(request: Request, intent: string, result: ForumFailure) {
  if (result.error === "not-found") throw notFound(request);
  if (result.error === "forbidden") throw forbidden(request);
  return json<ForumActionData>(
    { intent, submission: formError(`forum.errors.${result.reason ?? "invalid"}`) },
    { status: 400 },
  );
}

const back = (path: string, notice: string) => redirect(`${path}?hecho=${notice}`);

export async function forumAction(
  request: Request,
  context: AppLoadContext,
  { sessionId, returnTo }: { sessionId: string | null; returnTo: string },
) {
  const { user } = requireUser(context, request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const needSession = () => {
    if (!sessionId) throw textResponse(request, 400, "responses.unknownAction");
    return sessionId;
  };

  switch (intent) {
    case "schedule": {
      const submission = parseWithZod(formData, { schema: scheduleSchema });
      if (submission.status !== "success") return json({ intent, submission: submission.reply() }, { status: 400 });
      const v = submission.value;
      const result = await scheduleSessions(user, {
        title: v.title,
        scheduledAt: parseLimaDateTime(v.scheduledAt)!,
        location: v.location || null,
        repeat: v.repeat,
      });
      if (!result.ok) {
        if (result.error === "invalid") {
          return json(
            { intent, submission: submission.reply({ formErrors: ["forum.errors.invalid"] }) },
            { status: 400 },
          );
        }
        return failure(request, intent, result);
      }
      return redirect(`/foro/sesiones?programadas=${result.ids.length}`);
    }
    case "rules": {
      const submission = parseWithZod(formData, { schema: rulesSchema });
      if (submission.status !== "success") return json({ intent, submission: submission.reply() }, { status: 400 });
      const result = await publishRules(user, {
        text: submission.value.text,
        quorumMajority: submission.value.quorumMajority === "on",
        quorumEachSector: submission.value.quorumEachSector === "on",
      });
      return result.ok ? back(returnTo, "reglamento") : failure(request, intent, result);
    }
    case "member-add": {
      const submission = parseWithZod(formData, { schema: memberSchema });
      if (submission.status !== "success") return json({ intent, submission: submission.reply() }, { status: 400 });
      const v = submission.value;
      const result = await addMember(user, {
        organizationId: v.organizationId,
        name: v.name,
        email: v.email ?? null,
        regionId: v.regionId || null,
        role: v.role,
        // A term runs from the start of its first day to the end of its last (Lima time).
        termStart: new Date(parseDueDate(v.termStart)!.getTime() - 24 * 60 * 60 * 1000 + 1000),
        termEnd: v.termEnd ? parseDueDate(v.termEnd) : null,
      });
      if (!result.ok && result.error === "invalid") {
        const field =
          result.reason === "unknown-account" ? "email" : result.reason === "term" ? "termEnd" : "organizationId";
        return json(
          {
            intent,
            submission: submission.reply({ fieldErrors: { [field]: [`forum.errors.${result.reason ?? "invalid"}`] } }),
          },
          { status: 400 },
        );
      }
      return result.ok ? back(returnTo, "miembro") : failure(request, intent, result);
    }
    case "member-end": {
      const result = await endMemberTerm(user, String(formData.get("memberId") ?? ""));
      return result.ok ? back(returnTo, "miembro-baja") : failure(request, intent, result);
    }
    case "agenda-add": {
      const id = needSession();
      const submission = parseWithZod(formData, { schema: agendaItemSchema });
      if (submission.status !== "success") return json({ intent, submission: submission.reply() }, { status: 400 });
      const result = await addAgendaItem(user, id, {
        title: submission.value.title ?? "",
        kind: submission.value.kind,
        targetId: submission.value.targetId ?? null,
      });
      if (!result.ok && result.error === "invalid") {
        const field = result.reason?.startsWith("target") ? "targetId" : "title";
        return json(
          {
            intent,
            submission: submission.reply({ fieldErrors: { [field]: [`forum.errors.${result.reason ?? "required"}`] } }),
          },
          { status: 400 },
        );
      }
      return result.ok ? back(returnTo, "punto") : failure(request, intent, result);
    }
    case "agenda-remove": {
      const result = await removeAgendaItem(user, needSession(), String(formData.get("itemId") ?? ""));
      return result.ok ? back(returnTo, "punto-quitado") : failure(request, intent, result);
    }
    case "rsvp": {
      const rsvp = formData.get("rsvp");
      if (rsvp !== "YES" && rsvp !== "NO")
        return json<ForumActionData>({ intent, submission: formError("forum.errors.invalid") }, { status: 400 });
      const result = await confirmAttendance(user, needSession(), rsvp);
      return result.ok ? back(returnTo, "respuesta") : failure(request, intent, result);
    }
    case "start": {
      const id = needSession();
      const result = await startSession(user, id);
      return result.ok ? redirect(`/foro/sesiones/${id}/en-vivo?hecho=abierta`) : failure(request, intent, result);
    }
    case "roll-call": {
      const statuses = new Map<string, AttendanceStatus>();
      for (const [key, value] of formData) {
        if (!key.startsWith("status:") || value === "") continue;
        if (!isAttendanceStatus(value))
          return json<ForumActionData>({ intent, submission: formError("forum.errors.invalid") }, { status: 400 });
        statuses.set(key.slice("status:".length), value);
      }
      const result = await takeRollCall(user, needSession(), statuses);
      return result.ok ? back(returnTo, "asistencia") : failure(request, intent, result);
    }
    case "end": {
      const result = await endSession(user, needSession());
      return result.ok ? back(returnTo, "cerrada") : failure(request, intent, result);
    }
    case "motion-open": {
      const submission = parseWithZod(formData, { schema: motionSchema });
      if (submission.status !== "success") return json({ intent, submission: submission.reply() }, { status: 400 });
      const result = await openMotion(user, needSession(), {
        text: submission.value.text,
        agendaItemId: submission.value.agendaItemId || null,
      });
      if (!result.ok && result.error === "invalid") {
        return json(
          { intent, submission: submission.reply({ formErrors: [`forum.errors.${result.reason ?? "invalid"}`] }) },
          { status: 400 },
        );
      }
      return result.ok ? back(returnTo, "votacion") : failure(request, intent, result);
    }
    case "motion-close": {
      const result = await closeMotion(user, String(formData.get("motionId") ?? ""));
      return result.ok ? back(returnTo, "votacion-cerrada") : failure(request, intent, result);
    }
    case "vote": {
      const choice = formData.get("choice");
      if (!isVoteChoice(choice))
        return json<ForumActionData>({ intent, submission: formError("forum.errors.invalid") }, { status: 400 });
      const result = await castVote(user, String(formData.get("motionId") ?? ""), choice);
      if (!result.ok) {
        if (result.error === "not-found") throw notFound(request);
        if ("reason" in result && result.reason) {
          return json<ForumActionData>(
            { intent, submission: formError(`forum.voteRefusal.${result.reason}`) },
            { status: 403 },
          );
        }
        throw forbidden(request);
      }
      return back(returnTo, "voto");
    }
    case "agreement": {
      const submission = parseWithZod(formData, { schema: agreementSchema });
      if (submission.status !== "success") return json({ intent, submission: submission.reply() }, { status: 400 });
      const result = await recordAgreement(user, needSession(), {
        text: submission.value.text,
        responsible: submission.value.responsible,
        dueDate: parseDueDate(submission.value.dueDate)!,
        agendaItemId: submission.value.agendaItemId || null,
      });
      if (!result.ok && result.error === "invalid") {
        return json(
          { intent, submission: submission.reply({ formErrors: [`forum.errors.${result.reason ?? "invalid"}`] }) },
          { status: 400 },
        );
      }
      return result.ok ? back(returnTo, "acuerdo") : failure(request, intent, result);
    }
    case "agreement-update": {
      // One follow-up form per agreement: the answer names the agreement it is for.
      const key = String(formData.get("agreementId") ?? "");
      const submission = parseWithZod(formData, { schema: agreementUpdateSchema });
      if (submission.status !== "success") {
        return json<ForumActionData>({ intent, key, submission: submission.reply() }, { status: 400 });
      }
      const result = await updateAgreement(user, submission.value.agreementId, {
        status: submission.value.status,
        evidence: submission.value.evidence ?? null,
      });
      if (!result.ok && result.error === "invalid") {
        return json<ForumActionData>(
          {
            intent,
            key,
            submission: submission.reply({ fieldErrors: { evidence: [`forum.errors.${result.reason ?? "invalid"}`] } }),
          },
          { status: 400 },
        );
      }
      return result.ok ? back(returnTo, "seguimiento") : failure(request, intent, result);
    }
    case "circulate": {
      const result = await circulateMinutes(user, needSession());
      return result.ok ? back(returnTo, "circulada") : failure(request, intent, result);
    }
    case "approve": {
      const result = await approveMinutes(user, needSession());
      return result.ok ? back(returnTo, "aprobada") : failure(request, intent, result);
    }
    default:
      throw textResponse(request, 400, "responses.unknownAction");
  }
}
