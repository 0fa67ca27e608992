import { expect } from 'chai';
import { escapeHtml, html } from '../../src/fake-globus/pages/html.js';
import { logoutPage } from '../../src/fake-globus/pages/logout-page.js';

describe('fake Globus: page rendering', () => {
  it('escapes every interpolated value', () => {
    expect(html`<p>${'<b>"x" & \'y\'</b>'}</p>`.value).to.equal('<p>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>');
  });

  it('does not escape nested html twice', () => {
    expect(html`<ul>${[html`<li>${'a&b'}</li>`]}</ul>`.value).to.equal('<ul><li>a&amp;b</li></ul>');
  });

  it('escapes attribute values in links', () => {
    const page = logoutPage({ clientName: 'App', continueTo: { url: 'https://x.example/?a=1&b="2"', name: '<Portal>' } });
    expect(page).to.include('href="https://x.example/?a=1&amp;b=&quot;2&quot;"');
    expect(page).to.include('Continue to &lt;Portal&gt;');
    expect(escapeHtml('plain')).to.equal('plain');
  });
});
