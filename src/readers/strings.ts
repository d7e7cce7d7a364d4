// The words of readers' mail (subscriptions, notifications, privacy links) in the site's language,
// beside the moderators' (src/mail/strings). `{slot}`s are filled by the mail core's fill().

export interface ReaderMailStrings {
  confirmSubject: string;
  confirmIntro: string;
  confirmAction: string;
  confirmIgnore: string;
  replySubject: string;
  replyIntro: string;
  articleSubject: string;
  articleIntro: string;
  approvedSubject: string;
  approvedIntro: string;
  read: string;
  unsubscribe: string;
  footer: string;
  exportSubject: string;
  exportIntro: string;
  exportAction: string;
  eraseSubject: string;
  eraseIntro: string;
  eraseAction: string;
  privacyIgnore: string;
}

const en: ReaderMailStrings = {
  confirmSubject: '[{site}] Please confirm your subscription',
  confirmIntro: 'You (or someone using your address) asked to be told by email about new comments on “{title}”. Nothing will be sent until you confirm.',
  confirmAction: 'Confirm the subscription',
  confirmIgnore: 'If it was not you, ignore this mail: you will get no other.',
  replySubject: '[{site}] {name} replied to your comment on “{title}”',
  replyIntro: '{name} replied to your comment on “{title}”:',
  articleSubject: '[{site}] New comment on “{title}”',
  articleIntro: '{name} commented on “{title}”:',
  approvedSubject: '[{site}] Your comment on “{title}” was approved',
  approvedIntro: 'Your comment on “{title}” was approved and is now published:',
  read: 'Read it on the site',
  unsubscribe: 'Unsubscribe',
  footer: 'You get this mail because you asked for it on {site}.',
  exportSubject: '[{site}] Your comments, ready to download',
  exportIntro: 'You asked for a copy of your comments on {site}. This link downloads them; it works for 24 hours.',
  exportAction: 'Download my comments',
  eraseSubject: '[{site}] Erase your comments',
  eraseIntro: 'You asked to erase your comments on {site}. This link opens a page where you confirm it; it works for 24 hours.',
  eraseAction: 'Erase my comments',
  privacyIgnore: 'If you did not ask for this, ignore this mail: nothing happens without the link.',
};

const de: ReaderMailStrings = {
  confirmSubject: '[{site}] Bitte bestätige dein Abonnement',
  confirmIntro: 'Du (oder jemand mit deiner Adresse) möchtest per E-Mail über neue Kommentare zu „{title}“ informiert werden. Bis zu deiner Bestätigung senden wir nichts.',
  confirmAction: 'Abonnement bestätigen',
  confirmIgnore: 'Warst du es nicht, ignoriere diese E-Mail: Du bekommst keine weitere.',
  replySubject: '[{site}] {name} hat auf deinen Kommentar zu „{title}“ geantwortet',
  replyIntro: '{name} hat auf deinen Kommentar zu „{title}“ geantwortet:',
  articleSubject: '[{site}] Neuer Kommentar zu „{title}“',
  articleIntro: '{name} hat „{title}“ kommentiert:',
  approvedSubject: '[{site}] Dein Kommentar zu „{title}“ wurde freigegeben',
  approvedIntro: 'Dein Kommentar zu „{title}“ wurde freigegeben und ist jetzt veröffentlicht:',
  read: 'Auf der Website lesen',
  unsubscribe: 'Abbestellen',
  footer: 'Du bekommst diese E-Mail, weil du sie auf {site} bestellt hast.',
  exportSubject: '[{site}] Deine Kommentare zum Herunterladen',
  exportIntro: 'Du hast eine Kopie deiner Kommentare auf {site} angefordert. Dieser Link lädt sie herunter; er gilt 24 Stunden.',
  exportAction: 'Meine Kommentare herunterladen',
  eraseSubject: '[{site}] Deine Kommentare löschen',
  eraseIntro: 'Du möchtest deine Kommentare auf {site} löschen. Dieser Link öffnet eine Seite, auf der du das bestätigst; er gilt 24 Stunden.',
  eraseAction: 'Meine Kommentare löschen',
  privacyIgnore: 'Hast du das nicht angefordert, ignoriere diese E-Mail: Ohne den Link geschieht nichts.',
};

const ar: ReaderMailStrings = {
  confirmSubject: '[{site}] يرجى تأكيد اشتراكك',
  confirmIntro: 'طلبتَ (أو طلب شخص يستخدم عنوانك) إشعارًا بالبريد الإلكتروني عن التعليقات الجديدة على «{title}». لن يُرسل شيء حتى تؤكد.',
  confirmAction: 'تأكيد الاشتراك',
  confirmIgnore: 'إن لم تكن أنت، فتجاهل هذه الرسالة: لن تصلك رسالة أخرى.',
  replySubject: '[{site}] ردّ {name} على تعليقك على «{title}»',
  replyIntro: 'ردّ {name} على تعليقك على «{title}»:',
  articleSubject: '[{site}] تعليق جديد على «{title}»',
  articleIntro: 'علّق {name} على «{title}»:',
  approvedSubject: '[{site}] تمت الموافقة على تعليقك على «{title}»',
  approvedIntro: 'تمت الموافقة على تعليقك على «{title}» وهو منشور الآن:',
  read: 'اقرأه على الموقع',
  unsubscribe: 'إلغاء الاشتراك',
  footer: 'تصلك هذه الرسالة لأنك طلبتها على {site}.',
  exportSubject: '[{site}] تعليقاتك جاهزة للتنزيل',
  exportIntro: 'طلبتَ نسخة من تعليقاتك على {site}. هذا الرابط ينزّلها، وهو صالح لمدة 24 ساعة.',
  exportAction: 'تنزيل تعليقاتي',
  eraseSubject: '[{site}] محو تعليقاتك',
  eraseIntro: 'طلبتَ محو تعليقاتك على {site}. يفتح هذا الرابط صفحة تؤكد فيها ذلك، وهو صالح لمدة 24 ساعة.',
  eraseAction: 'محو تعليقاتي',
  privacyIgnore: 'إن لم تطلب هذا، فتجاهل هذه الرسالة: لا يحدث شيء دون الرابط.',
};

export function readerStringsFor(language: string): ReaderMailStrings {
  return language === 'ar' ? ar : language === 'de' ? de : en;
}
