// Session title ranks, a plain constant (no zod) so the hook path and the writer can use it cheaply.

/**
 * Title ranks: a later title replaces an earlier one of lower rank; at equal rank the latest
 * wins for ranks >= 3 (names the user or the agent gave) and the first wins below.
 */
export const TitleRank = { firstPrompt: 1, summary: 2, aiTitle: 3, customTitle: 4 } as const;
