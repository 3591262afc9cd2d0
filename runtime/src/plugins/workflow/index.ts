/**
 * Processes and tasks: `GET /api/processes`, `GET /api/processes/{key}`, `POST /api/processes/{key}/start`,
 * `GET /api/processes/instances`, `GET /api/processes/instances/{id}`, `GET /api/tasks`, `GET /api/tasks/{id}`,
 * `POST /api/tasks/{id}/claim|unclaim|complete`. Registering the plugin also starts the workflow runtime on the
 * platform: its job handlers and its listeners to record events.
 */
import type { Plugin, Request } from '@hapi/hapi';
import { createWorkflow, type Platform, type Workflow } from '@folyam/platform';
import { actorOf, objectPayload, param } from '../../http.ts';
import { WorkflowService } from './workflow.service.ts';

/** A JSON object body; an empty body counts as `{}`. */
const body = (request: Request): Record<string, unknown> =>
  request.payload === null || request.payload === undefined ? {} : objectPayload(request);

export const workflowPlugin: Plugin<{ platform: Platform; workflow?: Workflow }> = {
  name: 'folyam-workflow',
  register(server, options) {
    const { platform } = options;
    if (!platform?.jobs) throw new Error('folyam-workflow: options.platform is required');
    const workflow = options.workflow ?? createWorkflow(platform);
    server.expose('workflow', workflow);
    server.ext('onPostStop', () => workflow.close());
    const service = new WorkflowService(platform, workflow.runtime);
    server.route([
      { method: 'GET', path: '/api/processes', handler: (request) => service.listProcesses(actorOf(request)) },
      {
        method: 'GET',
        path: '/api/processes/instances',
        handler: (request) => service.listInstances(actorOf(request), request.query as Record<string, unknown>),
      },
      {
        method: 'GET',
        path: '/api/processes/instances/{id}',
        handler: (request) => service.getInstance(actorOf(request), param(request, 'id')),
      },
      {
        method: 'POST',
        path: '/api/processes/instances/{id}/retry',
        handler: (request) => service.retry(actorOf(request), param(request, 'id'), body(request)),
      },
      {
        method: 'POST',
        path: '/api/processes/instances/{id}/cancel',
        handler: (request) => service.cancel(actorOf(request), param(request, 'id'), body(request)),
      },
      {
        method: 'GET',
        path: '/api/processes/{key}',
        handler: (request) => service.getProcess(actorOf(request), param(request, 'key')),
      },
      {
        method: 'POST',
        path: '/api/processes/{key}/start',
        handler: async (request, h) =>
          h.response(await service.start(actorOf(request), param(request, 'key'), body(request))).code(201),
      },
      {
        method: 'GET',
        path: '/api/tasks',
        handler: (request) => service.listTasks(actorOf(request), request.query as Record<string, unknown>),
      },
      {
        method: 'GET',
        path: '/api/tasks/{id}/assignees',
        handler: (request) => service.assignees(actorOf(request), param(request, 'id')),
      },
      {
        method: 'POST',
        path: '/api/tasks/{id}/assign',
        handler: (request) => service.reassign(actorOf(request), param(request, 'id'), body(request)),
      },
      {
        method: 'GET',
        path: '/api/tasks/{id}',
        handler: (request) => service.getTask(actorOf(request), param(request, 'id')),
      },
      {
        method: 'POST',
        path: '/api/tasks/{id}/claim',
        handler: (request) => service.claim(actorOf(request), param(request, 'id')),
      },
      {
        method: 'POST',
        path: '/api/tasks/{id}/unclaim',
        handler: (request) => service.unclaim(actorOf(request), param(request, 'id')),
      },
      {
        method: 'POST',
        path: '/api/tasks/{id}/complete',
        handler: (request) => service.complete(actorOf(request), param(request, 'id'), body(request)),
      },
    ]);
  },
};
