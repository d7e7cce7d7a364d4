// The demo site's sample articles (served at their keys when PARLEY_DEMO is on).

export interface DemoArticle {
  site: string;
  key: string;
  title: string;
  paragraphs: string[];
}

export const demoArticles: DemoArticle[] = [
  {
    site: 'demo',
    key: '/',
    title: 'Town council approves riverside bike lanes',
    paragraphs: [
      'After a two-hour debate on Tuesday night, the town council voted 7–2 to build protected bike lanes along the riverside road, closing one of the two car lanes between the old mill and the railway bridge.',
      'Supporters said the change would make the route safe for children cycling to the new school. Opponents worried about deliveries to the shops on Mill Street, and the council agreed to keep two loading bays.',
      'Work is expected to start in the spring. What do you think of the plan? Leave a reply below: comments from first-time commenters are held for moderation.',
    ],
  },
  {
    site: 'demo',
    key: '/demo/library',
    title: 'Library to open on Sundays from March',
    paragraphs: [
      'The central library will open from 11 am to 4 pm on Sundays from the first week of March, after volunteers offered to staff the reading room.',
      'The children’s corner and the local history archive will be open; the study rooms will stay closed on Sundays for now.',
    ],
  },
  {
    site: 'demo',
    key: '/demo/market',
    title: 'Farmers’ market moves to the old square',
    paragraphs: [
      'From next month the Saturday farmers’ market moves from the car park behind the station to the old square, where it was held until 1998.',
      'Stallholders welcomed the shade of the plane trees; some residents asked for the square to stay closed to cars until the stalls are packed away.',
    ],
  },
];

export const demoArticle = demoArticles[0] as DemoArticle;

export function findDemoArticle(key: string): DemoArticle | null {
  return demoArticles.find((article) => article.key === key) ?? null;
}
