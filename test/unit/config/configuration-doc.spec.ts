import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { renderConfigurationDoc } from '../../../src/config/configuration-doc.js';
import { SETTINGS } from '../../../src/config/settings-schema.js';

describe('docs/configuration.md', () => {
  it('is what the settings schema generates (run `npm run docs:config` after changing settings)', () => {
    const onDisk = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(onDisk).to.equal(renderConfigurationDoc());
  });

  it('documents every environment variable the app reads', () => {
    const doc = renderConfigurationDoc();
    for (const setting of Object.values(SETTINGS)) expect(doc).to.contain(`\`${setting.env}\``);
  });
});
