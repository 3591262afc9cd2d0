/**
 * The workflow entries of the menu: their labels (the only workflow texts in the initial bundle) and the number
 * of open tasks assigned to the signed-in user (and how many are overdue), refreshed on navigation and every minute.
 */
import { ref } from 'vue';
import { http } from '../../api/client.ts';
import { i18n } from '../../i18n/index.ts';

i18n.global.mergeLocaleMessage('hu', {
  workflowMenu: {
    tasks: 'Feladataim',
    start: 'Folyamat indítása',
    started: 'Indított folyamataim',
    count: '{n} nyitott feladat',
    countOverdue: '{n} nyitott feladat, ebből {overdue} lejárt',
  },
});
i18n.global.mergeLocaleMessage('en', {
  workflowMenu: {
    tasks: 'My tasks',
    start: 'Start a process',
    started: 'Processes I started',
    count: '{n} open tasks',
    countOverdue: '{n} open tasks, {overdue} of them overdue',
  },
});

/** Open tasks assigned to me; null until known (or when the server has no task API). */
export const openTaskCount = ref<number | null>(null);
/** How many of them are past their due time. */
export const overdueTaskCount = ref(0);
let last = 0;
let inFlight: Promise<void> | null = null;

/** Asks the server again, at most every 5 seconds unless forced (after claiming or completing a task). */
export function refreshTaskCount(force = false): Promise<void> {
  if (inFlight) return inFlight;
  if (!force && Date.now() - last < 5000) return Promise.resolve();
  last = Date.now();
  inFlight = http
    .get<{ total: number; overdue?: number; items: unknown[] }>('/api/tasks', {
      assignee: 'me',
      status: 'open',
      limit: 1,
    })
    .then((r) => {
      openTaskCount.value = typeof r.total === 'number' ? r.total : r.items.length;
      overdueTaskCount.value = r.overdue ?? 0;
    })
    .catch(() => void (openTaskCount.value = null))
    .finally(() => (inFlight = null));
  return inFlight;
}
