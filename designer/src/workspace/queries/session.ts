/** Where the designer leaves an unsaved definition for the results page (this tab only). */
export const DRAFT_KEY = 'folyam.queries.draft';
