// Whether a --db/--to value names a team PostgreSQL, without loading the pg driver: every local
// report asks this first, and `pg` (with the fetch stack it pulls in) cost ~80 ms of start-up.

/** A connection string agentlog treats as PostgreSQL (`--db`, `--to`). */
export const isPgUrl = (s: string | undefined): s is string => !!s && /^postgres(?:ql)?:\/\//i.test(s);
