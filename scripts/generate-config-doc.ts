import { writeFileSync } from 'node:fs';
import { renderConfigurationDoc } from '../src/config/configuration-doc.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigurationDoc());
console.log('docs/configuration.md written');
