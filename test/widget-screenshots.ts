// Takes the README's screenshots of widget.js (light, dark, Arabic) on a sample site page of another
// origin: `npx tsx test/widget-screenshots.ts` (after `npm run build`). Not part of `npm test`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.js';
import { afterTimeTrap, fill, startHarness, W, widgetReady } from './widget-harness.js';

const OUT = join(ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });

const h = await startHarness();
try {
  h.serveCss('/light.css', 'body { margin: 0; background: #fff; color: #1f2937; font: 18px/1.6 Georgia, serif; } main { max-width: 680px; margin: 0 auto; padding: 24px; }');
  h.serveCss('/dark.css', 'body { margin: 0; background: #0b1220; color: #e5e7eb; font: 18px/1.6 Georgia, serif; } main { max-width: 680px; margin: 0 auto; padding: 24px; }');

  const shots = [
    { file: 'widget-light.png', key: '/shots/en', css: '/light.css', attrs: { 'data-theme': 'light' }, lang: 'en' },
    { file: 'widget-dark.png', key: '/shots/en', css: '/dark.css', attrs: { 'data-theme': 'dark' }, lang: 'en' },
    { file: 'widget-arabic.png', key: '/shots/ar', css: '/light.css', attrs: { 'data-theme': 'light', 'data-lang': 'ar' }, lang: 'ar' },
  ];
  const english = [
    { name: 'Amal Haddad', url: 'https://amal.example/', body: 'Finally! My kids can cycle to the new school without riding next to lorries. *Thank you* to everyone who came to the meeting.' },
    { name: 'Parley Desk', body: 'Thanks, Amal. We will follow the works and report back in the spring.', moderator: true, replyTo: 0 },
    { name: 'Bo Lindqvist', body: 'Agreed. The bridge junction still needs a proper crossing, though.', replyTo: 1 },
    { name: 'Chen Wei', body: 'What about deliveries to the shops on Mill Street?\n\n> the council agreed to keep two loading bays\n\nTwo bays seem few.' },
  ];
  const arabic = [
    { name: 'أمل حداد', url: 'https://amal.example/', body: 'أخيرًا! سيتمكن أطفالي من الذهاب إلى المدرسة الجديدة بالدراجة بأمان.' },
    { name: 'فريق التحرير', body: 'شكرًا يا أمل، سنتابع الأعمال وننشر التحديثات في الربيع.', moderator: true, replyTo: 0 },
    { name: 'بشير', body: 'ماذا عن مواقف التحميل في شارع الطاحونة؟' },
  ];
  for (const [key, comments] of [['/shots/en', english], ['/shots/ar', arabic]] as const) {
    const ids: number[] = [];
    for (const [i, c] of comments.entries()) {
      const parentId = 'replyTo' in c && c.replyTo !== undefined ? ids[c.replyTo] : undefined;
      const id = await h.post({ article: key, articleUrl: `${h.hostOrigin}${key}`, name: c.name, email: `shot${i}@example.org`, url: 'url' in c ? c.url : undefined, body: c.body, parentId });
      if ('moderator' in c && c.moderator) h.run('update comments set moderator = 1 where id = ?', id);
      // Spread the comments over the last days, so that the times read naturally.
      h.run('update comments set created_at = ? where id = ?', Date.now() - (comments.length - i) * 5 * 3_600_000, id);
      ids.push(id);
    }
  }

  for (const shot of shots) {
    const title = shot.lang === 'ar' ? 'ممرات آمنة للدراجات على ضفة النهر' : 'Town council approves riverside bike lanes';
    const intro = shot.lang === 'ar' ? 'صوّت مجلس البلدة على إنشاء ممرات محمية للدراجات على طريق النهر.' : 'After a two-hour debate, the council voted 7–2 to build protected bike lanes along the riverside road.';
    const url = h.serve(`${shot.key}-${shot.file}`, {
      lang: shot.lang,
      head: `<link rel="stylesheet" href="${shot.css}">`,
      body: `<main${shot.lang === 'ar' ? ' dir="rtl"' : ''}><h1>${title}</h1><p>${intro}</p><script src="${h.parleyOrigin}/widget.js" data-site="demo" data-article="${shot.key}" data-title="${title}"${Object.entries(shot.attrs)
        .map(([k, v]) => ` ${k}="${v}"`)
        .join('')} async></script></main>`,
    });
    const w = await h.open(url);
    await w.page.setViewportSize({ width: 760, height: 900 });
    await widgetReady(w.page);
    if (shot.file === 'widget-light.png') {
      // The reader's own held comment, as only they see it.
      await fill(w.page, { comment: 'Will the lanes be cleared of snow in winter?', name: 'Dana', email: 'dana@example.org' });
      await w.page.locator(`${W} #submit`).click();
      await w.page.locator(`${W} .aw`).waitFor();
      await w.page.locator('h1').click();
    } else {
      await afterTimeTrap(w.page);
    }
    await w.page.screenshot({ path: join(OUT, shot.file), fullPage: true });
    console.log(`wrote docs/screenshots/${shot.file}`);
    await w.context.close();
  }
} finally {
  await h.stop();
}
