/**
 * The advocate dashboard's view is a file of its own beside the widget: most pages show an offer
 * and never the dashboard, so only a page that calls `vouch('dashboard', …)` fetches it.
 */
import type { FunctionComponent } from 'preact';
import type { Controller } from './controller';

export type DashboardComponent = FunctionComponent<{ controller: Controller }>;

/** Fetches the dashboard's component from the collector (once per page: the browser keeps the module). */
export const loadDashboardComponent = (): Promise<DashboardComponent> => import('./components/Dashboard').then((module) => module.Dashboard);
