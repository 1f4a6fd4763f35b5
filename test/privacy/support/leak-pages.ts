// The leak pages of privacy wave 2: one page per entry, grouped by leak class. Each holds
// secrets that must never leave it and ordinary text that must (so a recorder that records
// nothing cannot pass). `act` runs in the page once Veil records: changes made by script later.
// Secrets written with quotes ("1051") are the JSON string of one text node: a piece of a
// token split across nodes, which must not appear as a text node's whole value.

export type LeakClass = 'css urls' | 'document and label attributes' | 'split and typeset tokens' | 'international numbers';

export interface LeakPage {
  leakClass: LeakClass;
  name: string;
  head?: string;
  body: string;
  act?: string;
  secrets: string[];
  ordinary: string[];
}

export const LEAK_PAGES: LeakPage[] = [
  // 1. URL-bearing CSS values.
  {
    leakClass: 'css urls',
    name: 'inline styles, in the markup and set by script',
    body: `<div id="card" style="width:200px;height:40px;background-image:url('https://cdn.fixture.invalid/avatars/profile.png?email=ruth.okafor%40mailbox.example&sig=css-sig-3391')">Profile card ordinary</div>
<div id="later" style="width:10px;height:10px">Banner ordinary</div>`,
    act: `document.getElementById('later').style.backgroundImage = 'url("https://banner:css-pass-7702@cdn.fixture.invalid/banner.png?uid=css-uid-4410")';`,
    secrets: ['ruth.okafor', 'css-sig-3391', 'css-pass-7702', 'css-uid-4410'],
    ordinary: ['Profile card ordinary', 'avatars/profile.png', 'banner.png'],
  },
  {
    leakClass: 'css urls',
    name: 'a <style> element: url(), image-set() and @import',
    head: `<style>@import "/theme.css?token=css-import-6614";
.hero { min-height: 20px; background: url(/img/hero.jpg?session=css-sess-5583) no-repeat; }
.logo { background-image: image-set("/img/logo.png?k=css-set-1255" 1x, "/img/logo@2x.png?k=css-set-1256" 2x); }</style>`,
    body: `<div class="hero">Hero ordinary banner</div><div class="logo">Logo ordinary</div>`,
    secrets: ['css-import-6614', 'css-sess-5583', 'css-set-1255', 'css-set-1256'],
    ordinary: ['Hero ordinary banner', 'img/hero.jpg', 'theme.css'],
  },
  {
    leakClass: 'css urls',
    name: 'rules inserted, declared and adopted later',
    head: `<style id="sheet">.box { color: teal; }</style>`,
    body: `<div class="box late-rule adopted">Box ordinary text</div>`,
    act: `const sheet = document.getElementById('sheet').sheet;
sheet.insertRule('.late-rule { background: url("/img/rule.png?key=css-rule-8841"); }', 1);
sheet.cssRules[0].style.setProperty('background-image', 'url(/img/decl.png?key=css-decl-9924)');
const adopted = new CSSStyleSheet();
adopted.replaceSync('.adopted { border-image: url(/img/adopt.png?key=css-adopt-4417) 30; }');
document.adoptedStyleSheets = [adopted];`,
    secrets: ['css-rule-8841', 'css-decl-9924', 'css-adopt-4417'],
    ordinary: ['Box ordinary text', 'img/rule.png', 'img/decl.png'],
  },

  // 2. Attributes that carry whole documents or labels.
  {
    leakClass: 'document and label attributes',
    name: "an iframe's srcdoc in the markup",
    body: `<iframe id="doc" width="300" height="120" srcdoc="<p>Srcdoc ordinary line</p><p>Mail wil.crabtree@post.example</p><p data-veil-mask>Srcdoc masked Throckmorton</p><input value='Srcdoc prefill Gorringe'>"></iframe>`,
    secrets: ['wil.crabtree@post.example', 'Throckmorton', 'Srcdoc prefill Gorringe'],
    ordinary: ['Srcdoc ordinary line'],
  },
  {
    leakClass: 'document and label attributes',
    name: 'option, optgroup and datalist labels set by script',
    body: `<label>Branch <select id="branch"><optgroup id="group" label="Region"><option id="opt" value="b1">Pick a branch</option></optgroup></select></label>
<label>Street <input list="streets"></label><datalist id="streets"><option id="street" value="s1"></option></datalist>`,
    act: `document.getElementById('opt').label = 'Branch Fenwick Moor';
document.getElementById('group').label = 'Region Ashcombe Vale';
document.getElementById('street').label = 'Datalist Pemberton Row';`,
    secrets: ['Fenwick Moor', 'Ashcombe Vale', 'Pemberton Row'],
    ordinary: ['Branch', 'Street'],
  },
  {
    leakClass: 'document and label attributes',
    name: 'a srcdoc set later, option titles and aria-labels',
    body: `<iframe id="late" width="300" height="80"></iframe>
<label>Locker <select><option value="l1" title="Locker holder Quennell" aria-label="Locker holder Quennell">Locker 1</option></select></label>`,
    act: `document.getElementById('late').srcdoc = '<p>Late srcdoc ordinary</p><p data-veil-mask>Late srcdoc Winterbottom</p><textarea>Late note Hargreave</textarea>';`,
    secrets: ['Quennell', 'Winterbottom', 'Late note Hargreave'],
    ordinary: ['Locker'],
  },

  // 3. Personal data split across nodes, or typeset with other spaces.
  {
    leakClass: 'split and typeset tokens',
    name: 'an email in three spans, a card in four spans',
    body: `<p>Account owner: <span class="user">tobias.lindqvist</span><span class="at">@</span><span class="host">nordpost.example</span></p>
<p>Card on file <span>5105</span>&nbsp;<span>1051</span>&nbsp;<span>0510</span>&nbsp;<span>5100</span> expires soon</p>`,
    secrets: ['tobias.lindqvist', 'nordpost.example', '"1051"', '"0510"', '"5100"'],
    ordinary: ['Account owner:', 'Card on file', 'expires soon'],
  },
  {
    leakClass: 'split and typeset tokens',
    name: 'numbers typeset with thin, narrow no-break and figure spaces, and a 00 prefix',
    body: `<p>Hotline +49\u20098923\u2009456\u2009789 all week</p>
<p>IBAN GB33\u202fBUKB\u202f2020\u202f1555\u202f5555\u202f55 for transfers</p>
<p>Kasse 0041\u00a044\u00a0637\u00a029\u00a015 weekdays</p>
<p>Card 3782\u2007822463\u200710005 on record</p>`,
    secrets: ['8923\u2009456', 'BUKB\u202f2020', '637\u00a029', '822463'],
    ordinary: ['Hotline', 'for transfers', 'weekdays', 'on record'],
  },
  {
    leakClass: 'split and typeset tokens',
    name: 'a phone in bold pieces and an email in text nodes, added by script',
    body: `<div id="later">Contact details follow</div>`,
    act: `const later = document.getElementById('later');
later.insertAdjacentHTML('beforeend', '<p id="hotline">Service line <b>+41</b> <b>44</b> <b>637</b> <b>2915</b> ext. desk</p>');
const p = document.createElement('p');
p.append('Escalations: ', 'ingrid.solberg', '@', 'fjordmail.example', ' (manager)');
later.append(p);`,
    secrets: ['"637"', '"2915"', 'ingrid.solberg', 'fjordmail.example'],
    ordinary: ['Service line', 'ext. desk', 'Escalations:', '(manager)'],
  },

  // 4. International numbers without separators.
  {
    leakClass: 'international numbers',
    name: 'tel: and WhatsApp links with 13 digits',
    body: `<a id="tel" href="tel:+5521987654321">Call the Rio desk</a>
<a href="https://wa.example/send/+8613912345678">Chat</a>
<p>Or dial +6281234567890 from abroad</p>`,
    secrets: ['5521987654321', '8613912345678', '6281234567890'],
    ordinary: ['Call the Rio desk', 'from abroad', 'tel:'],
  },
  {
    leakClass: 'international numbers',
    name: '00 prefixes without separators, in text and attributes',
    body: `<p>Fax 00862087654321 for orders</p>
<p data-contact="004915123456789" title="Call 00390612345678">Branch office ordinary</p>`,
    secrets: ['00862087654321', '004915123456789', '00390612345678'],
    ordinary: ['for orders', 'Branch office ordinary', 'Call '],
  },
  {
    leakClass: 'international numbers',
    name: 'numbers added later, in a placeholder and the document title',
    body: `<div id="late">Dispatch board ordinary</div><input id="field" placeholder="e.g. +4915123456789">`,
    act: `document.getElementById('late').insertAdjacentHTML('beforeend', '<p>Driver reachable at +2348031234567 today</p>');
document.getElementById('field').setAttribute('placeholder', 'or +35679123456789');
document.title = 'Dispatch to +97412345678901';`,
    secrets: ['4915123456789', '2348031234567', '35679123456789', '97412345678901'],
    ordinary: ['Dispatch board ordinary', 'Driver reachable at', 'today'],
  },
];
