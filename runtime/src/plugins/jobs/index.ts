/** `GET /api/jobs/{id}` (status, progress, result), `DELETE /api/jobs/{id}` (cancel), `GET /api/jobs/{id}/download`. */
import type { Plugin } from '@hapi/hapi';
import type { Platform } from '@folyam/platform';
import { actorOf, localeOf, param } from '../../http.ts';
import { contentDisposition, JobsService } from './jobs.service.ts';

export const jobsPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-jobs',
  register(server, { platform }) {
    if (!platform?.jobs) throw new Error('folyam-jobs: options.platform with a job runner is required');
    const jobs = new JobsService(platform);
    server.route([
      {
        method: 'GET',
        path: '/api/jobs/{id}',
        handler: (request) => jobs.view(actorOf(request), param(request, 'id'), localeOf(request)),
      },
      {
        method: 'DELETE',
        path: '/api/jobs/{id}',
        handler: (request) => jobs.cancel(actorOf(request), param(request, 'id'), localeOf(request)),
      },
      {
        method: 'GET',
        path: '/api/jobs/{id}/download',
        async handler(request, h) {
          const { file, stream } = await jobs.download(actorOf(request), param(request, 'id'));
          return h
            .response(stream)
            .type(file.mime)
            .bytes(file.size)
            .header('content-disposition', contentDisposition(file.name))
            .header('cache-control', 'private, no-store');
        },
      },
    ]);
  },
};
