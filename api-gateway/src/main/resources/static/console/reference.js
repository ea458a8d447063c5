// The API reference at /api-reference: Swagger UI over /v3/api-docs. The description and
// "Try it out" both need a token, which Swagger UI's own page cannot send; here every
// request it makes carries the signed-in user's.

import { getToken, requireSession } from './api.js';
import { initHeader } from './components/page-header.js';
import { byId, showProblem } from './ui.js';

const claims = requireSession();

function start() {
  initHeader(claims);
  if (typeof window.SwaggerUIBundle !== 'function') {
    showProblem(new Error('Swagger UI could not be loaded'), byId('problem'));
    return;
  }
  window.SwaggerUIBundle({
    url: '/v3/api-docs',
    dom_id: '#swagger-ui',
    deepLinking: true,
    requestInterceptor: (request) => {
      request.headers.Authorization = `Bearer ${getToken()}`;
      return request;
    },
  });
}

if (claims) start();
