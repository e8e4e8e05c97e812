export { renderJson } from './json.js';
export { renderText, textLines } from './text.js';
export { inPieces, joinLines } from './lines.js';
export { renderMarkdown } from './markdown.js';
export { applyReportLines, renderApplyReport } from './apply-report.js';
export { renderStatus } from './status.js';
export { summaryLine } from './vocabulary.js';
