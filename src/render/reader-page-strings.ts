// The words of the pages readers reach from the widget or a mail, in the site's language (en, de, ar).

export interface ReaderPageStrings {
  dir: 'ltr' | 'rtl';
  manageTitle: string;
  manageIntro: string;
  email: string;
  whatLegend: string;
  exportChoice: string;
  eraseChoice: string;
  sendLink: string;
  checkTitle: string;
  accepted: string;
  eraseTitle: string;
  eraseCount: { one: string; other: string };
  eraseIntro: string;
  textLegend: string;
  keepText: string;
  deleteText: string;
  eraseButton: string;
  erasedTitle: string;
  erasedNothing: string;
  erasedAnonymised: string;
  erasedDeleted: string;
  confirmTitle: string;
  confirmIntro: string;
  confirmButton: string;
  confirmedTitle: string;
  confirmed: string;
  unsubscribeTitle: string;
  unsubscribeThread: string;
  unsubscribeAll: string;
  unsubscribedThread: string;
  unsubscribedAll: string;
}

const en: ReaderPageStrings = {
  dir: 'ltr',
  manageTitle: 'Manage your comments',
  manageIntro:
    'Enter the email address you comment with. We will mail that address a link to download a copy of your comments, or to erase them. The link works for 24 hours.',
  email: 'Email',
  whatLegend: 'What would you like?',
  exportChoice: 'Export: download every comment I wrote, with its article and status',
  eraseChoice: 'Erase: remove my name, email, website and IP from my comments (you can delete their text too)',
  sendLink: 'Send me the link',
  checkTitle: 'Check your email',
  accepted: 'If this address has comments on this site, a message with a link is on its way to it. The link works for 24 hours.',
  eraseTitle: 'Erase your comments',
  eraseCount: { one: 'You have 1 comment on this site.', other: 'You have {n} comments on this site.' },
  eraseIntro: 'Erasing replaces your name with “Anonymous” and removes your email address, website and IP address from them. Nobody can undo this.',
  textLegend: 'Your comments’ text',
  keepText: 'Keep the text, anonymised',
  deleteText: 'Delete the text too (where others replied, a “deleted” placeholder stays)',
  eraseButton: 'Erase my comments',
  erasedTitle: 'Your comments were erased',
  erasedNothing: 'There was nothing left to erase.',
  erasedAnonymised: 'Done: {n} comments anonymised.',
  erasedDeleted: 'Done: {n} comments erased, their text deleted.',
  confirmTitle: 'Confirm your subscription',
  confirmIntro: 'Press the button to receive email about new comments you subscribed to. You can unsubscribe from any of those mails.',
  confirmButton: 'Yes, send me these emails',
  confirmedTitle: 'Subscription confirmed',
  confirmed: 'Thank you: you will get an email when there are new comments you asked about.',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeThread: 'Unsubscribe from this thread',
  unsubscribeAll: 'Unsubscribe from everything (no more mail about comments to this address)',
  unsubscribedThread: 'You will get no more mail about this thread.',
  unsubscribedAll: 'You will get no more mail about comments at this address.',
};

const de: ReaderPageStrings = {
  dir: 'ltr',
  manageTitle: 'Deine Kommentare verwalten',
  manageIntro:
    'Gib die E-Mail-Adresse ein, mit der du kommentierst. Wir schicken dieser Adresse einen Link, um deine Kommentare herunterzuladen oder zu löschen. Der Link gilt 24 Stunden.',
  email: 'E-Mail',
  whatLegend: 'Was möchtest du?',
  exportChoice: 'Exportieren: alle meine Kommentare mit Artikel und Status herunterladen',
  eraseChoice: 'Löschen: Name, E-Mail, Website und IP aus meinen Kommentaren entfernen (auf Wunsch auch den Text)',
  sendLink: 'Link schicken',
  checkTitle: 'Sieh in dein Postfach',
  accepted: 'Hat diese Adresse Kommentare auf dieser Website, ist eine Nachricht mit einem Link zu ihr unterwegs. Der Link gilt 24 Stunden.',
  eraseTitle: 'Deine Kommentare löschen',
  eraseCount: { one: 'Du hast 1 Kommentar auf dieser Website.', other: 'Du hast {n} Kommentare auf dieser Website.' },
  eraseIntro: 'Beim Löschen wird dein Name durch „Anonym“ ersetzt und deine E-Mail-Adresse, Website und IP-Adresse werden entfernt. Das lässt sich nicht rückgängig machen.',
  textLegend: 'Der Text deiner Kommentare',
  keepText: 'Text behalten, anonymisiert',
  deleteText: 'Text ebenfalls löschen (wo andere geantwortet haben, bleibt ein Platzhalter)',
  eraseButton: 'Meine Kommentare löschen',
  erasedTitle: 'Deine Kommentare wurden gelöscht',
  erasedNothing: 'Es gab nichts mehr zu löschen.',
  erasedAnonymised: 'Erledigt: {n} Kommentare anonymisiert.',
  erasedDeleted: 'Erledigt: {n} Kommentare gelöscht, samt Text.',
  confirmTitle: 'Abonnement bestätigen',
  confirmIntro: 'Drücke den Knopf, um E-Mails über neue Kommentare zu bekommen, die du abonniert hast. Jede dieser E-Mails lässt sich abbestellen.',
  confirmButton: 'Ja, schickt mir diese E-Mails',
  confirmedTitle: 'Abonnement bestätigt',
  confirmed: 'Danke: Du bekommst eine E-Mail, wenn es neue Kommentare gibt, nach denen du gefragt hast.',
  unsubscribeTitle: 'Abbestellen',
  unsubscribeThread: 'Diese Diskussion abbestellen',
  unsubscribeAll: 'Alles abbestellen (keine E-Mails mehr über Kommentare an diese Adresse)',
  unsubscribedThread: 'Du bekommst keine E-Mails mehr über diese Diskussion.',
  unsubscribedAll: 'Du bekommst an diese Adresse keine E-Mails über Kommentare mehr.',
};

const ar: ReaderPageStrings = {
  dir: 'rtl',
  manageTitle: 'إدارة تعليقاتك',
  manageIntro: 'أدخل عنوان البريد الإلكتروني الذي تعلّق به. سنرسل إليه رابطًا لتنزيل نسخة من تعليقاتك أو لمحوها. الرابط صالح لمدة 24 ساعة.',
  email: 'البريد الإلكتروني',
  whatLegend: 'ماذا تريد؟',
  exportChoice: 'تصدير: تنزيل كل تعليق كتبته مع مقالته وحالته',
  eraseChoice: 'محو: إزالة اسمي وبريدي وموقعي وعنوان IP من تعليقاتي (ويمكنك حذف نصها أيضًا)',
  sendLink: 'أرسل لي الرابط',
  checkTitle: 'تحقق من بريدك',
  accepted: 'إن كانت لهذا العنوان تعليقات على هذا الموقع، فرسالة فيها رابط في طريقها إليه. الرابط صالح لمدة 24 ساعة.',
  eraseTitle: 'محو تعليقاتك',
  eraseCount: { one: 'لديك تعليق واحد على هذا الموقع.', other: 'لديك {n} من التعليقات على هذا الموقع.' },
  eraseIntro: 'يستبدل المحو اسمك بـ«مجهول» ويزيل بريدك الإلكتروني وموقعك وعنوان IP منها. لا يمكن التراجع عن ذلك.',
  textLegend: 'نص تعليقاتك',
  keepText: 'الإبقاء على النص مجهول المصدر',
  deleteText: 'حذف النص أيضًا (حيث ردّ آخرون يبقى مكانه عنصر «محذوف»)',
  eraseButton: 'امحُ تعليقاتي',
  erasedTitle: 'مُحيت تعليقاتك',
  erasedNothing: 'لم يبقَ شيء لمحوه.',
  erasedAnonymised: 'تم: أُخفيت هوية {n} من التعليقات.',
  erasedDeleted: 'تم: مُحي {n} من التعليقات وحُذف نصها.',
  confirmTitle: 'تأكيد اشتراكك',
  confirmIntro: 'اضغط الزر لتصلك رسائل عن التعليقات الجديدة التي اشتركت فيها. يمكنك إلغاء الاشتراك من أي رسالة منها.',
  confirmButton: 'نعم، أرسلوا إليّ هذه الرسائل',
  confirmedTitle: 'تم تأكيد الاشتراك',
  confirmed: 'شكرًا: ستصلك رسالة حين تُنشر تعليقات جديدة طلبتَ معرفتها.',
  unsubscribeTitle: 'إلغاء الاشتراك',
  unsubscribeThread: 'إلغاء الاشتراك في هذا النقاش',
  unsubscribeAll: 'إلغاء الاشتراك في كل شيء (لا رسائل بعد الآن عن التعليقات إلى هذا العنوان)',
  unsubscribedThread: 'لن تصلك رسائل أخرى عن هذا النقاش.',
  unsubscribedAll: 'لن تصل إلى هذا العنوان رسائل أخرى عن التعليقات.',
};

export const readerPageLanguages = ['en', 'de', 'ar'] as const;

export function readerPageStrings(language: string | undefined): ReaderPageStrings {
  return language === 'ar' ? ar : language === 'de' ? de : en;
}

export const fillN = (template: string, n: number) => template.replace('{n}', String(n));
