/** The console owner the console bench signs in as (made at start, as VOUCH_ADMIN_EMAIL would). */
export const BENCH_CONSOLE_OWNER = { email: 'owner@bench.example', password: 'bench console password' } as const;
