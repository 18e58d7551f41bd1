// What a server action answers: the UI's actions interfaces and the actions themselves share it.

export type ActionFailure = { ok: false; reason: string };

export type ActionResult<T extends object = Record<never, never>> = ({ ok: true } & T) | ActionFailure;
