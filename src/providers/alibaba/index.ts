export { createAlibabaProvider, type AlibabaProvider, type AlibabaProviderOptions } from './provider.js';
