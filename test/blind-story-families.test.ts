/**
 * families behind blind misses — cures told as someone's recovery story, IQ and "prodigy"
 * claims for learning cards, aphrodisiac tonics, flowers said to bloom a whole year, replica liquor
 * and relabelled replicas, electrofishing named by a hint, steel-ball guns relabelled as models,
 * medical devices sold with a cure, promises to pay for any illness, deposits paid to the seller
 * personally, and draws set off by a share count. Every sentence is written for this test.
 */
import type { Item } from "../src/types.js";
import { describeFamilies, type Family } from "./support/families.js";

let n = 0;
const caption = (text: string): Item => ({ id: `h2-${++n}`, channel: "caption", text });

const families: Family[] = [
  { category: "false_efficacy", entry: "efficacy.bedridden-recovery-story",
    hit: ["我二舅瘫床上两年，敷了这个药包一个多月，能下床了"], clean: ["玉米苗长了半个月，能下地移栽了"] },
  { category: "false_efficacy", entry: "efficacy.iq-and-genius",
    hit: ["这套闪卡玩一个月，智商提升十几分"], clean: ["这盒积木练手指灵活，适合四岁以上"] },
  { category: "false_efficacy", entry: "efficacy.aphrodisiac-tonic",
    hit: ["驴鞭锁阳泡的酒，男人喝上一杯，晚上媳妇都满意"], clean: ["牛鞭汤炖两个小时，汤色奶白"] },
  { category: "false_efficacy", entry: "efficacy.bloom-all-year",
    hit: ["这盆月季花期长达一整年，摆阳台就行"], clean: ["这盆菊花花期一个月左右，注意通风"] },
  { category: "counterfeit", entry: "counterfeit.liquor-replica-hints",
    hit: ["瓶子和W粮一比一，酒是同一批原浆，就少个标"], clean: ["瓶盖上有防伪码，扫出来是酒厂的信息"] },
  { category: "counterfeit", entry: "counterfeit.relabel-replica",
    hit: ["这款面霜是同厂复刻的，配方一模一样"], clean: ["我们工厂贴牌代工，用的是本厂注册商标"] },
  { category: "prohibited_goods", entry: "prohibited.electrofishing-hinted",
    hit: ["钓友要的那个，第一个字是电，晚上水库用"], clean: ["塘里缺氧鱼都翻白了，快开增氧机"] },
  { category: "prohibited_goods", entry: "prohibited.gun-relabelled",
    hit: ["配上一盒钢珠，十米打瓶子一个洞"], clean: ["这把水枪射程五米，夏天玩水用"] },
  { category: "prohibited_goods", entry: "prohibited.med-device-hospital-grade",
    hit: ["医院同款二类器械，绑在手腕上就能降血糖"], clean: ["二类医疗器械注册证号在详情页，按说明书使用"] },
  { category: "absolute_claim", entry: "absolute.payout-any-illness",
    hit: ["这张健康卡大病小病都赔，一年才八十"], clean: ["保障范围以条款为准，住院满三天可申请补贴"] },
  { category: "private_trade", entry: "private.off-platform",
    hit: ["尾款打给我私人就行，不走链接"], clean: ["尾款在直播间链接补拍，平台开票"] },
  { category: "fake_promotion", entry: "promo.share-count-draw",
    hit: ["大家转发，转发过五百次就开抽，抽一个电饭煲"], clean: ["喜欢的话转发给朋友，链接在下面"] },
];

describeFamilies("story and hint families", families, caption);
