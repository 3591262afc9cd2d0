/** The engine's own error: a stable code, hu/en messages; the runner maps it to a 4xx answer. */
import type { Issue, LocalizedText } from '@folyam/metamodel';
import { FolyamError } from '../errors.ts';

const MESSAGES: Record<string, LocalizedText> = {
  'workflow.unknownActivation': {
    hu: 'Ez a lépés már nem aktív (lehet, hogy időközben lezárult).',
    en: 'This step is no longer active (it may have been closed meanwhile).',
  },
  'workflow.unknownTimer': {
    hu: 'Ez az időzítő már nem aktív.',
    en: 'This timer is no longer active.',
  },
  'workflow.activationMismatch': {
    hu: 'Ez az esemény nem ehhez a lépéstípushoz tartozik.',
    en: 'This event does not fit the kind of this step.',
  },
  'workflow.notRunning': { hu: 'A folyamatpéldány már befejeződött.', en: 'The process instance has already ended.' },
  'workflow.noMatchingFlow': {
    hu: 'Az átjáró egyik feltétele sem teljesül, és nincs alapértelmezett ága.',
    en: 'None of the gateway conditions holds and it has no default flow.',
  },
  'workflow.loopLimit': {
    hu: 'A folyamat egy lépésen belül túl sokszor ismételt (végtelen ciklus?).',
    en: 'The process looped too often within one step (an endless loop?).',
  },
  'workflow.invalidProcess': {
    hu: 'A folyamat nem futtatható: hibás vagy nem támogatott elemeket tartalmaz.',
    en: 'The process cannot run: it holds invalid or unsupported elements.',
  },
  'workflow.unknownStartEvent': { hu: 'Ismeretlen kezdőesemény.', en: 'Unknown start event.' },
  'workflow.badSnapshot': {
    hu: 'A mentett folyamatállapot nem ehhez a folyamathoz tartozik, vagy sérült.',
    en: 'The saved instance state does not belong to this process or is damaged.',
  },
  'workflow.timerValue': {
    hu: 'Az időzítő értéke nem értelmezhető.',
    en: 'The timer value cannot be understood.',
  },
  'workflow.noIncident': {
    hu: 'Ez a lépés nem akadt el, nincs mit újra futtatni.',
    en: 'This step is not stuck: there is nothing to run again.',
  },
  'workflow.feel': { hu: 'Hiba a FEEL-kifejezés kiértékelésekor.', en: 'A FEEL expression failed to evaluate.' },
};

const STATUS: Record<string, number> = {
  'workflow.unknownActivation': 409,
  'workflow.unknownTimer': 409,
  'workflow.notRunning': 409,
  'workflow.noIncident': 409,
  'workflow.activationMismatch': 400,
  'workflow.unknownStartEvent': 400,
  'workflow.noMatchingFlow': 422,
  'workflow.invalidProcess': 422,
};

export class WorkflowError extends FolyamError {
  override readonly name = 'WorkflowError';
  /** What the error is about (an element id, a timer id), not localised */
  readonly detail?: string;
  constructor(code: string, detail?: string, details: Issue[] = []) {
    const base = MESSAGES[code] ?? { hu: 'Folyamathiba.', en: 'Workflow error.' };
    const messages = detail ? { hu: `${base.hu} (${detail})`, en: `${base.en} (${detail})` } : base;
    super(STATUS[code] ?? 500, code, messages, details);
    this.detail = detail;
  }
}
