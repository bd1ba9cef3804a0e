// Serves the dashboard's files from the source tree, for the benchmark that puts a fake gateway behind the page.
import {readFile} from 'node:fs/promises';

const STATIC = new URL('../gateway-app/src/main/resources/static/', import.meta.url);
const TYPES = {js: 'text/javascript', css: 'text/css', html: 'text/html', svg: 'image/svg+xml'};

export async function serveStatic(path, res) {
  const file = path === '/' ? 'index.html' : path.slice(1);
  try {
    const body = await readFile(new URL(file, STATIC));
    res.writeHead(200, {'Content-Type': TYPES[file.split('.').pop()] || 'application/octet-stream'});
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
}
