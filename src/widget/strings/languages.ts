// The languages the widget speaks. widget.js carries only this list (and English); it asks the server
// for another language's table only when that language is here. A test checks it against index.ts.
export const languages = ['en', 'ar', 'de'];
