// The library system of BRIEF.md: Gulou Library, its seven street branches and the children's
// branch, their rooms, and the volunteer trainings and roles.
import type { OpeningHours } from "../schema.ts";

const everyDay = (open: string, close: string): OpeningHours =>
  Object.fromEntries(
    (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((d) => [d, [[open, close]]]),
  ) as OpeningHours;

const closedMonday = (hours: Array<[string, string]>, weekend = hours): OpeningHours => ({
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: weekend,
  sun: weekend,
});

export const branches = [
  {
    code: "GL", name_zh: "鼓楼图书馆", name_en: "Gulou Library", kind: "main",
    address_zh: "徐州市鼓楼区中山北路 88 号", address_en: "88 Zhongshan North Road, Gulou District, Xuzhou",
    shares_circulation: true, opening_hours: everyDay("09:00", "17:00"), // 56 hours a week
  },
  {
    code: "FC", name_zh: "丰财分馆", name_en: "Fengcai Branch", kind: "street",
    address_zh: "徐州市鼓楼区丰财街道民主北路 12 号", address_en: "12 Minzhu North Road, Fengcai Subdistrict",
    shares_circulation: true, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "18:00"]]),
  },
  {
    code: "HC", name_zh: "环城分馆", name_en: "Huancheng Branch", kind: "street",
    address_zh: "徐州市鼓楼区环城街道黄河北路 35 号", address_en: "35 Huanghe North Road, Huancheng Subdistrict",
    shares_circulation: true, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "18:00"]]),
  },
  {
    code: "HL", name_zh: "黄楼分馆", name_en: "Huanglou Branch", kind: "street",
    address_zh: "徐州市鼓楼区黄楼街道庆云路 6 号", address_en: "6 Qingyun Road, Huanglou Subdistrict",
    shares_circulation: false, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "17:30"]]),
  },
  {
    code: "TP", name_zh: "铜沛分馆", name_en: "Tongpei Branch", kind: "street",
    address_zh: "徐州市鼓楼区铜沛街道沈场路 21 号", address_en: "21 Shenchang Road, Tongpei Subdistrict",
    shares_circulation: false, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "17:30"]]),
  },
  {
    code: "JL", name_zh: "九里分馆", name_en: "Jiuli Branch", kind: "street",
    address_zh: "徐州市鼓楼区九里街道九里山路 50 号", address_en: "50 Jiulishan Road, Jiuli Subdistrict",
    shares_circulation: false, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "17:30"]]),
  },
  {
    code: "PL", name_zh: "牌楼分馆", name_en: "Pailou Branch", kind: "street",
    address_zh: "徐州市鼓楼区牌楼街道牌楼南路 9 号", address_en: "9 Pailou South Road, Pailou Subdistrict",
    shares_circulation: false, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "17:30"]]),
  },
  {
    code: "PP", name_zh: "琵琶分馆", name_en: "Pipa Branch", kind: "street",
    address_zh: "徐州市鼓楼区琵琶街道下淀路 16 号", address_en: "16 Xiadian Road, Pipa Subdistrict",
    shares_circulation: false, opening_hours: closedMonday([["09:00", "12:00"], ["14:00", "17:30"]]),
  },
  {
    code: "SE", name_zh: "少儿分馆", name_en: "Children's Branch", kind: "children",
    address_zh: "徐州市鼓楼区中山北路 90 号", address_en: "90 Zhongshan North Road, Gulou District, Xuzhou",
    shares_circulation: true,
    opening_hours: closedMonday([["14:00", "18:00"]], [["09:00", "18:00"]]),
  },
] as const;

/** Each branch's volunteer desk: the ORGANIZER of its invites (nothing is planned at a branch without one). */
export const deskEmails: Record<(typeof branches)[number]["code"], string> = {
  GL: "gulou.desk@shuxiang.example",
  FC: "fengcai.desk@shuxiang.example",
  HC: "huancheng.desk@shuxiang.example",
  HL: "huanglou.desk@shuxiang.example",
  TP: "tongpei.desk@shuxiang.example",
  JL: "jiuli.desk@shuxiang.example",
  PL: "pailou.desk@shuxiang.example",
  PP: "pipa.desk@shuxiang.example",
  SE: "children.desk@shuxiang.example",
};

/** The desk a volunteer calls when it is too late to cancel online (demo numbers, 0516 is Xuzhou's area code). */
export const deskPhones: Record<(typeof branches)[number]["code"], string> = {
  GL: "0516-8380 1200",
  FC: "0516-8380 1210",
  HC: "0516-8380 1220",
  HL: "0516-8380 1230",
  TP: "0516-8380 1240",
  JL: "0516-8380 1250",
  PL: "0516-8380 1260",
  PP: "0516-8380 1270",
  SE: "0516-8380 1280",
};

export const rooms = [
  { branch_code: "GL", code: "meeting", name_zh: "多功能会议室", name_en: "Multi-function meeting room", floor: "3F", capacity: 80 },
  { branch_code: "GL", code: "salon", name_zh: "开放式沙龙区", name_en: "Open salon area", floor: "2F", capacity: 40 },
  { branch_code: "GL", code: "av", name_zh: "视听室", name_en: "Audio-visual room", floor: "3F", capacity: 30 },
  { branch_code: "GL", code: "children", name_zh: "少儿阅读区", name_en: "Children's area", floor: "1F", capacity: 60 },
  {
    branch_code: "GL", code: "special-needs", name_zh: "特殊需求阅读区", name_en: "Special-needs reading area", floor: "1F", capacity: 8,
    accessibility_zh: "盲文图书 100 册，8 个专用座位，无障碍通道，可预约协助",
    accessibility_en: "100 braille books, 8 dedicated seats, step-free route, assistance on request",
  },
  { branch_code: "GL", code: "heritage", name_zh: "地方文献与非遗专区", name_en: "Local-history and heritage corner", floor: "2F", capacity: 20 },
  { branch_code: "GL", code: "periodicals", name_zh: "报刊阅览室", name_en: "Periodicals room", floor: "2F", capacity: 40 },
  { branch_code: "GL", code: "study", name_zh: "自习室", name_en: "Quiet study room", floor: "4F", capacity: 50 },
  { branch_code: "GL", code: "desk", name_zh: "读者接待台", name_en: "Reader reception desk", floor: "1F", capacity: 6 },
  { branch_code: "SE", code: "parent-child", name_zh: "亲子阅读室", name_en: "Parent-child reading room", floor: "1F", capacity: 40 },
  { branch_code: "SE", code: "picture-books", name_zh: "绘本馆", name_en: "Picture-book room", floor: "1F", capacity: 30 },
  { branch_code: "SE", code: "craft", name_zh: "手工活动室", name_en: "Craft room", floor: "2F", capacity: 25 },
  ...["FC", "HC", "HL", "TP", "JL", "PL", "PP"].flatMap((branch_code) => [
    { branch_code, code: "reading", name_zh: "阅览室", name_en: "Reading room", floor: "1F", capacity: 30 },
    { branch_code, code: "activity", name_zh: "活动室", name_en: "Activity room", floor: "1F", capacity: 20 },
  ]),
];

export const trainings = [
  {
    code: "book-repair", name_zh: "图书修复培训", name_en: "Book repair training",
    description_zh: "破损图书的修补、装订与加固。", description_en: "Mending, rebinding and reinforcing worn books.",
  },
  {
    code: "disability-assistance", name_zh: "助残服务培训", name_en: "Disability assistance training",
    description_zh: "引导视障、听障及行动不便读者，使用盲文与辅助设备。",
    description_en: "Guiding readers with visual, hearing or mobility impairments; braille and assistive devices.",
  },
  {
    code: "digital-tutoring", name_zh: "数字资源辅导培训", name_en: "Digital-resource tutoring training",
    description_zh: "数字图书馆、电子书与数据库的使用辅导。", description_en: "Helping readers use the digital library, e-books and databases.",
  },
  {
    code: "fire-safety", name_zh: "消防安全培训", name_en: "Fire safety training",
    description_zh: "疏散路线、灭火器使用与活动现场的安全检查。", description_en: "Evacuation routes, using extinguishers and safety checks at events.",
  },
] as const;

export const roles = [
  { code: "shelving", name_zh: "图书整架", name_en: "Shelving books", min_age: 14, trainings: [],
    description_zh: "按索书号归架、整理书架。", description_en: "Returning books to the shelves by call number and keeping shelves in order." },
  { code: "moving-books", name_zh: "图书搬运", name_en: "Moving books", min_age: 18, trainings: [],
    description_zh: "新书入藏、调拨时搬运图书。", description_en: "Carrying books for new acquisitions and transfers between branches." },
  { code: "tables-chairs", name_zh: "桌椅布置", name_en: "Setting out tables and chairs", min_age: 16, trainings: [],
    description_zh: "活动前后布置和复原场地。", description_en: "Setting up and clearing rooms before and after events." },
  { code: "book-repair", name_zh: "图书修补", name_en: "Book repair", min_age: 16, trainings: ["book-repair"],
    description_zh: "修补破损图书。", description_en: "Repairing worn and damaged books." },
  { code: "cleaning", name_zh: "环境清洁", name_en: "Cleaning", min_age: 14, trainings: [],
    description_zh: "清洁书架、桌面和阅览区。", description_en: "Cleaning shelves, desks and reading areas." },
  { code: "guiding", name_zh: "读者咨询引导", name_en: "Guiding readers", min_age: 16, trainings: [],
    description_zh: "在服务台解答咨询、引导读者。", description_en: "Answering questions at the desk and showing readers the way." },
  { code: "order", name_zh: "秩序维护", name_en: "Keeping order", min_age: 18, trainings: [],
    description_zh: "维护阅览区和活动现场秩序。", description_en: "Keeping reading areas and events calm and orderly." },
  { code: "disability-assistance", name_zh: "助残服务", name_en: "Assisting readers with disabilities", min_age: 18, trainings: ["disability-assistance"],
    description_zh: "在特殊需求阅读区协助残障读者。", description_en: "Assisting readers with disabilities in the special-needs reading area." },
  { code: "event-help", name_zh: "活动协助", name_en: "Event help", min_age: 14, trainings: [],
    description_zh: "协助阅读活动签到、引导和现场服务。", description_en: "Helping at reading events: check-in, guiding and support." },
  { code: "digital-tutoring", name_zh: "数字资源辅导", name_en: "Digital-resource tutoring", min_age: 18, trainings: ["digital-tutoring"],
    description_zh: "辅导读者使用电子书和数据库。", description_en: "Tutoring readers on e-books and databases." },
  { code: "reading-host", name_zh: "阅读活动主持", name_en: "Reading session host", min_age: 18, trainings: [],
    description_zh: "主持亲子阅读、读书分享等活动。", description_en: "Hosting parent-child reading and book-sharing sessions." },
] as const;

export const staff = [
  { email: "admin@shuxiang.example", name: "王静", role: "administrator", branches: [] },
  { email: "coord.gulou@shuxiang.example", name: "李敏", role: "coordinator", branches: ["GL"] },
  { email: "coord.streets@shuxiang.example", name: "张伟", role: "coordinator", branches: ["FC", "HC"] },
  { email: "desk.gulou@shuxiang.example", name: "刘洋", role: "desk", branches: ["GL"] },
] as const;

export const DEMO_STAFF_PASSWORD = "shuxiang-demo-2026";
