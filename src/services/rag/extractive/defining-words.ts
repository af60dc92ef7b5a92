// The words a definition says what a thing is with ("UKT adalah …", "ITB is a …"): one list for the
// definition questions' sentences (definitions.ts, question-types.ts) and for what a unit follow-up's
// earlier topic is defined as (units.ts), which cannot import definitions.ts (definitions.ts imports
// follow-up.ts, which imports units.ts).

/** "adalah", "merupakan", "ialah", "is a(n)", "is the": a pattern's alternatives, to put in a group. */
export const IS_A = 'adalah|merupakan|ialah|is an?|is the'
