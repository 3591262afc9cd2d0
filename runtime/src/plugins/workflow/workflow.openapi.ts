/** OpenAPI paths of processes and tasks (`/api/processes…`, `/api/tasks…`), merged into `/api/openapi.json`. */
import { errors, idParam, json, type JsonObject, type PathItem } from '../openapi/openapi.parts.ts';

const TAG = 'Processes';
export const WORKFLOW_TAGS: JsonObject[] = [
  {
    name: TAG,
    description:
      'BPMN processes: start one (on a record you may read), follow its instances, and work through your task ' +
      'inbox — claim, release and complete tasks. Error codes: `workflow.notFound`, `workflow.notAssignee`, ' +
      '`workflow.notCandidate`, `workflow.alreadyClaimed`, `workflow.taskClosed`, `workflow.invalidVariables`, ' +
      '`workflow.cannotStart`, `workflow.forbidden`.',
  },
];

const object = (properties: JsonObject, required: string[] = []): JsonObject => ({
  type: 'object',
  ...(required.length ? { required } : {}),
  properties,
});
const localized = object({ hu: { type: 'string' }, en: { type: 'string' } }, ['hu', 'en']);
const userRef = {
  oneOf: [object({ id: { type: 'string' }, name: { type: 'string' } }, ['id', 'name']), { type: 'null' }],
};
const recordRef = object({ entity: { type: 'string' }, id: { type: 'string' } }, ['entity', 'id']);
const variables = {
  type: 'object',
  description: 'Process variables (at most 100 keys, 64 KB).',
  additionalProperties: true,
};
const keyParam: JsonObject = {
  name: 'key',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z][a-zA-Z0-9]{0,47}$' },
};
const paging: JsonObject[] = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
];

const process = object({
  key: { type: 'string' },
  label: localized,
  description: { oneOf: [localized, { type: 'null' }] },
  entity: { type: ['string', 'null'] },
  version: { type: 'integer' },
});
const instanceSummary = object({
  id: { type: 'string' },
  processKey: { type: 'string' },
  processLabel: { oneOf: [localized, { type: 'null' }] },
  version: { type: 'integer', description: 'The published metadata version the instance runs on.' },
  status: { enum: ['running', 'completed', 'terminated', 'failed'] },
  record: { oneOf: [recordRef, { type: 'null' }] },
  startedBy: userRef,
  startedAt: { type: 'string', format: 'date-time' },
  endedAt: { type: ['string', 'null'], format: 'date-time' },
});
const instance = {
  allOf: [
    instanceSummary,
    object({
      variables,
      canCancel: { type: 'boolean', description: 'The caller may stop it (its initiator or an administrator).' },
      active: {
        type: 'array',
        items: object({
          activationId: { type: 'string' },
          elementId: { type: 'string' },
          name: { type: ['string', 'null'] },
          nameEn: { type: ['string', 'null'], description: 'The English name (`folyam:nameEn`), if any.' },
          taskId: { type: ['string', 'null'] },
        }),
      },
      history: {
        type: 'array',
        items: object({
          at: { type: 'string', format: 'date-time' },
          elementId: { type: 'string' },
          elementType: { type: 'string' },
          name: { type: ['string', 'null'] },
          nameEn: { type: ['string', 'null'], description: 'The English name (`folyam:nameEn`), if any.' },
          event: { enum: ['entered', 'completed', 'cancelled', 'taken', 'failed', 'retried', 'assigned'] },
          actor: userRef,
          outcome: {
            description:
              'A failed step: its error code. A completed user task: `{ decision?, comment? }` as the completer ' +
              'sent them. A task handed on: `{ assignee: { id, name }, comment? }`.',
            oneOf: [
              { type: 'string' },
              { type: 'null' },
              object({ decision: { type: 'string' }, comment: { type: 'string' }, assignee: userRef }, []),
            ],
          },
        }),
      },
      bpmn: { type: ['string', 'null'], description: 'The BPMN XML of the version the instance runs on.' },
    }),
  ],
};
/** A task a start or a completion opened for the caller: the next step is theirs. */
const openedTasks = {
  type: 'array',
  description: 'The tasks this step opened that are assigned to you (a screen may open the first one at once).',
  items: object(
    {
      id: { type: 'string' },
      name: { type: 'string' },
      elementId: { type: 'string' },
      dueAt: { type: ['string', 'null'], format: 'date-time' },
    },
    ['id', 'name', 'elementId', 'dueAt'],
  ),
};
const task = object({
  id: { type: 'string' },
  name: { type: 'string' },
  nameEn: { type: ['string', 'null'], description: 'The English name (`folyam:nameEn`), if any.' },
  processKey: { type: 'string' },
  processLabel: { oneOf: [localized, { type: 'null' }] },
  instanceId: { type: 'string' },
  elementId: { type: 'string' },
  assignee: userRef,
  candidateRoles: { type: 'array', items: { type: 'string' } },
  candidateGroups: { type: 'array', items: { type: 'string' } },
  dueAt: { type: ['string', 'null'], format: 'date-time' },
  overdue: { type: 'boolean' },
  status: { enum: ['open', 'claimed', 'done', 'cancelled'] },
  form: { type: ['string', 'null'] },
  record: { oneOf: [object({ entity: { type: 'string' }, id: { type: 'string' }, title: {} }), { type: 'null' }] },
  taskRecordId: { type: ['string', 'null'], description: 'The linked record of the `task` entity.' },
  createdAt: { type: 'string', format: 'date-time' },
});
const taskDetail = {
  allOf: [
    task,
    object({
      variables,
      formSchema: { type: ['object', 'null'] },
      canComplete: { type: 'boolean' },
      canSendBack: {
        type: 'boolean',
        description: 'The next gateway tests `decision`: completing with `decision: "reject"` sends the work back.',
      },
      canClaim: { type: 'boolean' },
      canReassign: { type: 'boolean', description: 'The caller may hand it on (`POST /api/tasks/{id}/assign`).' },
      reminders: object(
        {
          sent: { type: 'integer', description: 'How many times a reminder about it went out.' },
          lastAt: { type: ['string', 'null'], format: 'date-time' },
        },
        ['sent', 'lastAt'],
      ),
      comments: {
        type: 'array',
        description:
          'What earlier steps of the instance decided and wrote (newest first, at most 20): why it was sent back, ' +
          'or the note of a handover.',
        items: object({
          at: { type: 'string', format: 'date-time' },
          step: { type: ['string', 'null'] },
          stepEn: { type: ['string', 'null'] },
          actor: userRef,
          decision: { type: ['string', 'null'] },
          assignee: { description: 'Whom the task was handed to, when the comment came with a handover.', ...userRef },
          comment: { type: 'string' },
        }),
      },
    }),
  ],
};
const list = (schema: JsonObject) =>
  json(object({ items: { type: 'array', items: schema }, total: { type: 'integer' } }, ['items', 'total']));

export function workflowPaths(): Record<string, PathItem> {
  const tags = [TAG];
  return {
    '/api/processes': {
      get: {
        tags,
        operationId: 'processes_list',
        summary: 'The published processes you may start',
        responses: {
          '200': { description: 'Processes.', content: json(object({ items: { type: 'array', items: process } })) },
          ...errors('Unauthorized'),
        },
      },
    },
    '/api/processes/{key}': {
      parameters: [keyParam],
      get: {
        tags,
        operationId: 'processes_get',
        summary: 'One process with its BPMN XML',
        responses: {
          '200': {
            description: 'The process.',
            content: json({ allOf: [process, object({ bpmn: { type: 'string' } })] }),
          },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/api/processes/{key}/start': {
      parameters: [keyParam],
      post: {
        tags,
        operationId: 'processes_start',
        summary: 'Start an instance, optionally about a record you may read',
        requestBody: { required: false, content: json(object({ variables, record: recordRef })) },
        responses: {
          '201': {
            description: 'Started.',
            content: json(object({ instanceId: { type: 'string' }, tasks: openedTasks }, ['instanceId', 'tasks'])),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/processes/instances': {
      get: {
        tags,
        operationId: 'processes_instances',
        summary: 'Instances you started, took part in, or manage',
        parameters: [
          { name: 'startedBy', in: 'query', schema: { type: 'string' }, description: '`me` or a user id.' },
          { name: 'status', in: 'query', schema: { enum: ['running', 'completed', 'terminated', 'failed'] } },
          {
            name: 'stuck',
            in: 'query',
            schema: { enum: ['true'] },
            description: 'Only running instances with a stuck automatic step (an incident).',
          },
          {
            name: 'recordEntity',
            in: 'query',
            schema: { type: 'string' },
            description: 'With `recordId`: the instances run on that record (the record page\'s "Processes").',
          },
          { name: 'recordId', in: 'query', schema: { type: 'string' } },
          ...paging,
        ],
        responses: {
          '200': {
            description: 'Instances, newest first, each with the steps it waits in (`current`).',
            content: list({
              allOf: [
                instanceSummary,
                object({
                  current: {
                    type: 'array',
                    items: object({
                      elementId: { type: 'string' },
                      name: { type: ['string', 'null'] },
                      nameEn: { type: ['string', 'null'], description: 'The English name (`folyam:nameEn`), if any.' },
                      stuck: { type: 'boolean' },
                    }),
                  },
                }),
              ],
            }),
          },
          ...errors('BadRequest', 'Unauthorized'),
        },
      },
    },
    '/api/processes/instances/{id}': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'processes_instance',
        summary: 'An instance with its waiting steps, history and BPMN',
        description: 'For its initiator, its task participants, their managers and administrators.',
        responses: {
          '200': { description: 'The instance.', content: json(instance) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/tasks': {
      get: {
        tags,
        operationId: 'tasks_list',
        summary: 'Your task inbox',
        description: 'Without a selector: tasks assigned to you and open tasks you are a candidate for.',
        parameters: [
          { name: 'assignee', in: 'query', schema: { enum: ['me'] } },
          { name: 'candidate', in: 'query', schema: { enum: ['me'] } },
          { name: 'scope', in: 'query', schema: { enum: ['team'] }, description: "Your subordinates' tasks." },
          { name: 'status', in: 'query', schema: { enum: ['open', 'done', 'cancelled', 'all'], default: 'open' } },
          ...paging,
        ],
        responses: {
          '200': {
            description: 'Tasks, earliest due first; `overdue`: how many of all the selected open ones are past due.',
            content: json(
              object(
                {
                  items: { type: 'array', items: task },
                  total: { type: 'integer' },
                  overdue: { type: 'integer' },
                },
                ['items', 'total', 'overdue'],
              ),
            ),
          },
          ...errors('BadRequest', 'Unauthorized'),
        },
      },
    },
    '/api/tasks/{id}': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'tasks_get',
        summary: 'A task with its variables and form schema',
        responses: {
          '200': { description: 'The task.', content: json(taskDetail) },
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
    '/api/tasks/{id}/claim': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'tasks_claim',
        summary: 'Take an open task you are a candidate for',
        responses: {
          '200': { description: 'Claimed.', content: json(taskDetail) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
        },
      },
    },
    '/api/tasks/{id}/assignees': {
      parameters: [idParam],
      get: {
        tags,
        operationId: 'tasks_assignees',
        summary: 'Whom the caller may give the task to (a task offered to candidates: one of them)',
        responses: {
          '200': {
            description: 'The active users but the assignee, by name.',
            content: json(
              object(
                {
                  items: {
                    type: 'array',
                    items: object({
                      id: { type: 'string' },
                      name: { type: 'string' },
                      seesRecord: {
                        type: ['boolean', 'null'],
                        description:
                          'Whether they may read the record the process runs on (null: it runs on none). One who ' +
                          'may not can still take the task; its variables carry the work.',
                      },
                    }),
                  },
                },
                ['items'],
              ),
            ),
          },
          ...errors('Unauthorized', 'Forbidden', 'NotFound'),
        },
      },
    },
    '/api/tasks/{id}/assign': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'tasks_assign',
        summary: "Give an open task to a user (its assignee, their managers, a candidate's manager, administrators)",
        description:
          'The task and its record move to `assignee` (a user id or user name); reminders go to them from now on; ' +
          'the history gets an `assigned` entry naming who handed it on, with the `comment` (200 characters), and ' +
          'the new assignee an email.',
        requestBody: {
          required: true,
          content: json(
            object({ assignee: { type: 'string' }, comment: { type: 'string', maxLength: 200 } }, ['assignee']),
          ),
        },
        responses: {
          '200': { description: 'Handed on.', content: json(taskDetail) },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
        },
      },
    },
    '/api/tasks/{id}/unclaim': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'tasks_unclaim',
        summary: 'Give a claimed task back to its candidates',
        responses: {
          '200': { description: 'Released.', content: json(taskDetail) },
          ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
        },
      },
    },
    '/api/tasks/{id}/complete': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'tasks_complete',
        summary: 'Complete your task; the process moves on',
        description:
          'A send-back is a variable the next gateway tests, e.g. `{ "variables": { "decision": "reject" } }`.',
        requestBody: { required: false, content: json(object({ variables })) },
        responses: {
          '200': {
            description: 'Completed.',
            content: json(
              object({ instanceId: { type: 'string' }, status: { type: 'string' }, tasks: openedTasks }, [
                'instanceId',
                'status',
                'tasks',
              ]),
            ),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
        },
      },
    },
    '/api/processes/instances/{id}/cancel': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'processes_cancel',
        summary: 'Stop a running instance (its initiator or an administrator)',
        description:
          'Every waiting step is cancelled — its task closed, its task record `cancelled` — and pending timers and ' +
          'reminders come to nothing; the instance ends `terminated`, its history naming who stopped it and the ' +
          '`reason` (up to 200 characters). 409 `workflow.notRunning` when it has ended.',
        requestBody: { required: false, content: json(object({ reason: { type: 'string', maxLength: 200 } })) },
        responses: {
          '200': {
            description: 'Stopped.',
            content: json(object({ instanceId: { type: 'string' }, status: { const: 'terminated' } })),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
        },
      },
    },
    '/api/processes/instances/{id}/retry': {
      parameters: [idParam],
      post: {
        tags,
        operationId: 'processes_retry',
        summary: 'Run a stuck automatic step again (administrators)',
        description:
          'An automatic step whose action was refused waits with an incident (see `active[].incident`). This runs ' +
          'it again — the one named by `activationId`, or the only stuck one — after setting `variables` when given, ' +
          'so what made it fail can be fixed first. Answers 409 `workflow.noIncident` when nothing is stuck.',
        requestBody: {
          required: false,
          content: json(object({ activationId: { type: 'string' }, variables })),
        },
        responses: {
          '200': {
            description: 'Run again; the process moved on as far as it could.',
            content: json(object({ instanceId: { type: 'string' }, status: { type: 'string' } })),
          },
          ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
        },
      },
    },
  };
}
