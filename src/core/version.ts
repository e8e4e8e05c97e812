/** The tool's version, in plans (`tool.version`) and `reconcile --version`; a module of its own so printing it loads nothing else. */
export const TOOL_VERSION = '0.1.0';
