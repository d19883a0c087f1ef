/** The notices shown after a successful act (`?hecho=<key>`), as i18n keys. */
export const NOTICES: Record<string, string> = {
  reglamento: "forum.rulesSaved",
  miembro: "forum.memberAdded",
  "miembro-baja": "forum.memberEnded",
  punto: "forum.itemAdded",
  "punto-quitado": "forum.itemRemoved",
  respuesta: "forum.rsvpSaved",
  abierta: "forum.sessionStarted",
  asistencia: "forum.rollCallSaved",
  cerrada: "forum.sessionEnded",
  votacion: "forum.motionOpened",
  "votacion-cerrada": "forum.motionClosed",
  voto: "forum.voteCast",
  acuerdo: "forum.agreementRecorded",
  seguimiento: "forum.agreementUpdated",
  circulada: "forum.minutesCirculated",
  aprobada: "forum.minutesApproved",
};
