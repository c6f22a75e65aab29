// Environment ids in a report: `user` (the app's interpreter), `target:<id>` (a target's own
// python), `isolated:<families>` (a clean env debug-tts built). Shared by gather, analysis and rules.

const ISOLATED = 'isolated:';

export const isolatedEnvironmentId = (name: string) => `${ISOLATED}${name}`;

export const isIsolatedEnvironment = (environment: string) => environment.startsWith(ISOLATED);
