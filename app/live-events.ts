/** A public act as the home page shows it, and as it travels live over socket.io. */
export type ActivityEvent = {
  id: string;
  kind: string;
  summary: string;
  subjectType: string;
  subjectId: string;
  actorName: string | null;
  createdAt: string;
};
