export { renderJson } from './json.js';
export { renderText } from './text.js';
export { renderMarkdown } from './markdown.js';
export { renderApplyReport } from './apply-report.js';
export { renderStatus } from './status.js';
export { summaryLine } from './vocabulary.js';
