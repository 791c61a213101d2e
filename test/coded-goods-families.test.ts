/**
 * families behind blind misses — animals sold without papers, phone-lock bypass tools,
 * "special services" of venues, prescription actives in cosmetics, speed-camera jammers,
 * certificates without the exam, SIM cards without real-name registration, poppy seeds by their
 * folk name, deals moved to the shop's till or the seller's own account, banned goods routed to a
 * private message, and a brand's container refilled by the seller. Every sentence is written for
 * this test: claims the category must report, and ordinary neighbours it must not.
 */
import type { Item } from "../src/types.js";
import { describeFamilies, type Family } from "./support/families.js";

let n = 0;
const caption = (text: string): Item => ({ id: `g1-${++n}`, channel: "caption", text });
const listing = (title: string, description = ""): Item => ({ id: `g1-${++n}`, channel: "listing", listing: { title, description, sellingPoints: [], attributes: {} } });

const families: Family[] = [
  {
    family: "a papered animal sold without its papers",
    category: "prohibited_goods",
    entry: "prohibited.wildlife-no-papers",
    hit: [
      "这只葵花鹦鹉 山上掏的 没有证 价格好说",
      "一对草龟是从越南那边背回来的，便宜出",
      "这条过背金龙没带证，私我",
      "小蜥蜴 嗯 没手续的 要的来",
      "这只猫头鹰没证件的 懂得来",
    ],
    clean: [
      "这对玄凤鹦鹉是人工繁育的，证件齐全，一号链接",
      "没有证的鹦鹉千万别买，被查到要罚款",
      "这条龙鱼带芯片，证书齐全，可以上门看鱼",
      "龟苓膏一箱二十四罐，没有添加剂，下单包邮",
      "这只泰迪没有办狗证，养狗的记得去办",
    ],
  },
  {
    family: "tools that get past a phone's activation or account lock",
    category: "prohibited_goods",
    entry: "prohibited.lock-bypass",
    hit: [
      "二手平板带ID锁的也能用，我们有绕过ID锁的工具",
      "破解激活锁，远程十分钟搞定",
      "监管锁一键去除工具，插上电脑就行",
      "捡到的手机别扔，刷机去锁我来弄",
      "安卓谷歌锁强解，不用原账号密码",
    ],
    clean: [
      "忘了ID密码，带购机发票去官方售后解锁",
      "这台是国行无锁版，插卡就能用",
      "锁屏密码设复杂一点，手机丢了也不怕",
      "二手机都退出了原机主的账号，验机没问题再收货",
    ],
  },
  {
    family: "a venue's special or hidden services with a wink",
    category: "prohibited_goods",
    entry: "prohibited.venue-special-service",
    hit: [
      "我们洗浴中心晚上有隐藏项目，懂的来",
      "足疗店里有那种服务，技师随便挑",
      "会所包间的特殊项目，小妹多，包你满意",
      "这个桑拿团购券有大保健，你懂的",
      "KTV包厢妹子多，陪唱陪酒，懂的来",
    ],
    clean: [
      "酒店给行动不便的客人提供特殊服务，轮椅免费借",
      "KTV的券周一到周四能用，周末加三十",
      "这家足疗的技师手法很专业，九十分钟套餐在一号链接",
      "汽车大保健套餐，换机油机滤加四轮定位",
      "我们KTV包厢可以生日布置，蛋糕可以代订",
    ],
  },
  {
    family: "a prescription-only active mixed into a cosmetic",
    category: "prohibited_goods",
    entry: "prohibited.rx-active-cosmetic",
    hit: [
      "这款防脱洗发露添加了米诺地尔，掉发少得快",
      "生发液里加的非那雄胺，发际线一个月就往下长",
      "这瓶祛斑霜里面有氢醌，淡斑特别快",
      "宝宝湿疹膏加了激素的，一抹就好",
      "睫毛增长液含比马前列素，一周就变长",
    ],
    clean: [
      "这款洗发水不含米诺地尔，温和清洁，脱发严重请就医",
      "这支宝宝霜没加激素，配料表详情页能看",
      "米诺地尔是药品，要去医院皮肤科开，遵医嘱用",
      "激素脸的姐妹先停刺激产品，这款面霜只是保湿",
    ],
  },
  {
    family: "devices that blind traffic enforcement",
    category: "prohibited_goods",
    entry: "prohibited.speed-jammer",
    hit: [
      "这个干扰器放车上，区间测速测不到",
      "装上它能屏蔽电子眼，闯红灯也拍不到",
      "反测速神器，高速随便开",
      "车牌遮挡器一键翻转，抓拍拍不着",
      "屏蔽器一开，测速雷达就失灵了",
    ],
    clean: [
      "这款行车记录仪有测速提醒，提醒你前方减速慢行，不是干扰设备",
      "倒车雷达装上，停车方便多了",
      "音响电源抗干扰器，装上没杂音",
      "浏览器装个广告屏蔽器，弹窗就少了",
    ],
  },
  {
    family: "certificates handed over without the exam",
    category: "prohibited_goods",
    entry: "prohibited.cert-without-exam",
    hit: [
      "叉车证不用去考，十天到手",
      "上岗证免试直接出证，全国联网",
      "这个资格证不考试也能拿证，名额有限",
      listing("焊工证 免考 加急出证", "全程代办 不用本人到场"),
    ],
    clean: [
      "自考有几门课符合条件可以申请免考，看考试院通知",
      listing("电工考前培训 题库 实操课", "考证要本人去考场考 不承诺通过"),
      "说免考拿证的都是骗子，证书必须本人考",
      "课程是录播的，学完不发证，只是技能课",
    ],
  },
  {
    family: "phone and data cards without real-name registration",
    category: "prohibited_goods",
    entry: "prohibited.sim-no-realname",
    hit: [
      "这批流量卡不需要实名，插上就能上网",
      "号卡不走实名，收验证码专用",
      "上网卡免登记身份证，拿到直接用",
      "这种电话卡实名都不用做，激活就能打电话",
    ],
    clean: [
      "流量卡到手要本人实名认证，刷脸以后才能激活",
      "洗车储值卡不用实名，送朋友方便",
      "有人卖不用实名的电话卡，那是诈骗工具，大家警惕",
      "这是运营商正规办理的号卡，本人实名登记，月租十九",
    ],
  },
  {
    family: "poppy by its folk name",
    category: "prohibited_goods",
    entry: "prohibited.poppy",
    hit: ["大烟的那个籽儿还有几包", "大烟苗带土发，要的抓紧", "大烟果晒干的，一斤两百"],
    clean: ["虞美人花种，红色单瓣，撒在院子里", "老电影里地主抽大烟的镜头大家都见过"],
  },
  {
    family: "a banned good routed to a private message",
    category: "private_trade",
    entry: "private.contraband-dm",
    hit: [
      "这是处方药，没处方也行，私戳我",
      "大麻叶子有一点 私我",
      "免实名的卡还有几张 私聊",
      "仿真枪还有两把，私信",
    ],
    clean: [
      "处方药我们不卖，药品问题请私信客服",
      "驱虫的药请找宠物医生开，咱这只卖驱虫梳",
      "罂粟红的口红色号显白，尺码问题私聊客服",
    ],
  },
  {
    family: "a deal moved to the shop's counter or to cash",
    category: "private_trade",
    entry: "private.offline-store-cash",
    hit: [
      "旧电脑别在链接里拍，直接来我们店里当面收",
      "办年卡别拍团购券，进店报暗号，现金给你打七折",
      "二手相机线下当面交易，比直播间多给一百",
      "美甲来店里现金结，打八折",
      "不走团购的话，到店报我名字就行，便宜",
    ],
    clean: [
      "团购券在小黄车买好，进店给店员扫一下券码就行",
      "售后的话可以到门店，地址在店铺主页",
      "团购券只在平台里核销，到店别给店员转钱",
      "线下门店也有卖，价格跟直播间一样",
      "门店也收现金，不过团购券要在平台上买",
    ],
  },
  {
    family: "a deposit paid into the seller's own account",
    category: "private_trade",
    entry: "private.deposit-own-account",
    hit: [
      "这条线路直播间报名贵一点，团费直接打给我们公司账户能少两百",
      "报名费转到我们机构的对公账户就行，比链接便宜",
      "抖音上拍太贵了，加我给你底价",
      "定金转给我们的支付宝，尾款到了再付",
    ],
    clean: [
      "退款会原路退到你的支付账户，三个工作日到",
      "平台上拍贵不贵，大家可以自己比一比，都在小黄车",
      "定金在小黄车里付，尾款也在平台补",
    ],
  },
  {
    family: "a brand's container refilled by the seller",
    category: "counterfeit",
    entry: "counterfeit.refilled-container",
    hit: [
      "这桶玻璃水 桶是原厂的 里头是咱自己兑的 半价",
      "回收的原装空桶，我们自己灌满再卖",
      "散装机油倒进正品桶里，看不出来",
      "香水瓶是正品的，里头是咱自己调的",
    ],
    clean: [
      "这桶机油是原厂灌装的，桶上有防伪码",
      "自己灌香肠的肠衣，一包能灌十斤肉",
      "空瓶回收有积分，旧瓶子统一送去处理",
      "有人回收原装空桶自己灌装卖，大家认准官方渠道，谨防假货",
    ],
  },
];

describeFamilies("coded goods families", families, caption);
