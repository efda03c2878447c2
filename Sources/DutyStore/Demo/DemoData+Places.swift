import Foundation
import DutyCore

// Hazard points, checklists and the 三本台账 ledger. The places are real Haizhu streets and roads;
// the points beyond those the district plan names are plausible, not an official register.

extension DemoData {
    /// Street, facility, type — grouped by street in the district's order, so ids follow the map.
    private static let places: [(street: String, name: String, type: HazardType)] = [
        ("赤岗街", "赤岗北路艺苑路口", .waterlogging),
        ("赤岗街", "客村立交桥底", .waterlogging),
        ("赤岗街", "地铁11号线赤岗站施工工地", .underground),
        ("新港街", "新港西路中大北门段", .waterlogging),
        ("新港街", "广州大道南新港西路口", .waterlogging),
        ("新港街", "鹭江下穿涵洞", .culvert),
        ("昌岗街", "昌岗中路江南大道口", .waterlogging),
        ("昌岗街", "宝岗大道昌岗段", .waterlogging),
        ("昌岗街", "昌岗立交下穿通道", .tunnel),
        ("江南中街", "江南西路步行街", .waterlogging),
        ("江南中街", "晓港公园周边内街", .waterlogging),
        ("滨江街", "滨江中路海珠桥南", .waterlogging),
        ("滨江街", "纺织路", .waterlogging),
        ("滨江街", "滨江东路地下综合管廊工地", .underground),
        ("素社街", "素社直街", .waterlogging),
        ("素社街", "前进路南田路口", .waterlogging),
        ("海幢街", "民主直街", .waterlogging),
        ("海幢街", "同福中路低洼段", .waterlogging),
        ("海幢街", "海珠桥南引桥下穿通道", .culvert),
        ("南华西街", "聚龙大街", .waterlogging),
        ("南华西街", "洪德路低洼段", .waterlogging),
        ("南华西街", "南华西路同福西路口", .waterlogging),
        ("南华西街", "洲头咀隧道", .tunnel),
        ("龙凤街", "南田路宝岗大道口", .waterlogging),
        ("龙凤街", "宝业路", .waterlogging),
        ("沙园街", "工业大道中沙园大街口", .waterlogging),
        ("沙园街", "地铁11号线沙园站施工工地", .underground),
        ("沙园街", "工业大道中下穿隧道", .tunnel),
        ("南石头街", "南箕路低洼段", .waterlogging),
        ("南石头街", "工业大道南下穿涵洞", .culvert),
        ("南石头街", "广纸路桥涵", .culvert),
        ("凤阳街", "江燕路", .waterlogging),
        ("凤阳街", "凤阳路康乐村段", .waterlogging),
        ("凤阳街", "燕子岗下穿涵洞", .culvert),
        ("瑞宝街", "瑞宝路低洼段", .waterlogging),
        ("瑞宝街", "石溪村内街", .waterlogging),
        ("瑞宝街", "泰沙路下穿涵洞", .culvert),
        ("江海街", "上冲村内街", .waterlogging),
        ("江海街", "新滘西路大塘段", .waterlogging),
        ("江海街", "地铁11号线上涌公园站施工工地", .underground),
        // "×" is East-Asian ambiguous width and would break column alignment in some terminals.
        ("琶洲街", "新港东路华南快速路口", .waterlogging),
        ("琶洲街", "琶洲大道会展中心段", .waterlogging),
        ("琶洲街", "黄埔古村内街", .waterlogging),
        ("琶洲街", "琶洲塔公园边坡", .geohazard),
        ("琶洲街", "华南快速琶洲下穿隧道", .tunnel),
        ("琶洲街", "琶洲西区地下综合管廊工地", .underground),
        ("南洲街", "新滘中路—广州大道隧道", .tunnel),
        ("南洲街", "南洲街内街", .waterlogging),
        ("南洲街", "南洲路沥滘段", .waterlogging),
        ("南洲街", "沥滘涌口涵洞", .culvert),
        ("南洲街", "海珠湾隧道施工工地", .underground),
        ("华洲街", "土华公园边坡", .geohazard),
        ("华洲街", "小洲村内街", .waterlogging),
        ("华洲街", "华洲路龙潭段", .waterlogging),
        ("华洲街", "龙潭村涵洞", .culvert),
        ("官洲街", "北山岗边坡", .geohazard),
        ("官洲街", "仑头村后山边坡", .geohazard),
        ("官洲街", "赤沙路低洼段", .waterlogging),
        ("官洲街", "官洲隧道", .tunnel),
        ("官洲街", "地铁11号线赤沙车辆段工地", .underground),
    ]

    static var hazardPoints: [HazardPoint] {
        places.enumerated().map { i, p in
            HazardPoint(id: String(format: "HP-%03d", i + 1), name: p.name, type: p.type, street: p.street)
        }
    }

    // Item ids are short and phase-prefixed so a tick reads as "B-02 at HP-047" in the journal.
    private static let drained: [HazardType] = [.waterlogging, .tunnel, .culvert, .underground]
    private static let roads: [HazardType] = [.waterlogging, .tunnel, .culvert]
    private static let peopleAround: [HazardType] = [.geohazard, .waterlogging, .underground]

    static var checklistTemplates: [ChecklistTemplate] {
        [
            ChecklistTemplate(phase: .before, items: [
                ChecklistItem(id: "B-01", text: "雨水箅子、排水口、截水沟清疏畅通", appliesTo: drained),
                ChecklistItem(id: "B-02", text: "抽水泵、移动泵车试机正常，油料备足", appliesTo: drained),
                ChecklistItem(id: "B-03", text: "警示牌、围挡、沙袋等防汛物资到位"),
                ChecklistItem(id: "B-04", text: "坡面、坡脚及截排水沟巡查，无新增裂缝、鼓胀", appliesTo: [.geohazard]),
                ChecklistItem(id: "B-05", text: "水位标尺清晰，封闭道闸、电子提示屏试运行正常", appliesTo: [.tunnel, .culvert]),
                ChecklistItem(id: "B-06", text: "基坑支护、临边防护及坑内排水检查，施工单位值守到位", appliesTo: [.underground]),
                ChecklistItem(id: "B-07", text: "危险区域群众、商户已预警通知，转移路线和安置点明确", appliesTo: peopleAround),
                ChecklistItem(id: "B-08", text: "三个责任人及值守人员到岗到位"),
            ]),
            ChecklistTemplate(phase: .during, items: [
                ChecklistItem(id: "D-01", text: "按频次现场巡查，发现险情立即报告"),
                ChecklistItem(id: "D-02", text: "报告积水深度（水位标尺读数）", appliesTo: drained),
                ChecklistItem(id: "D-03", text: "积水超过警戒水位（27厘米）即封闭道路，设置绕行指引", appliesTo: roads),
                ChecklistItem(id: "D-04", text: "抽排设备持续运行，值守人员在场", appliesTo: drained),
                ChecklistItem(id: "D-05", text: "观测边坡裂缝、位移、渗水、落石情况", appliesTo: [.geohazard]),
                ChecklistItem(id: "D-06", text: "基坑停止作业，坑内人员撤离，积水抽排", appliesTo: [.underground]),
                ChecklistItem(id: "D-07", text: "危险区域人员及时转移并清点人数", appliesTo: peopleAround),
            ]),
            ChecklistTemplate(phase: .after, items: [
                ChecklistItem(id: "A-01", text: "复查设施损毁情况，拍照上报"),
                ChecklistItem(id: "A-02", text: "清理淤泥、杂物及塌落物"),
                ChecklistItem(id: "A-03", text: "抽排设备回收，排水设施恢复正常", appliesTo: drained),
                ChecklistItem(id: "A-04", text: "边坡复查无新增变形后方可解除警戒", appliesTo: [.geohazard]),
                ChecklistItem(id: "A-05", text: "确认路面、隧道、涵洞安全后恢复通行", appliesTo: roads),
                ChecklistItem(id: "A-06", text: "基坑复工前安全检查", appliesTo: [.underground]),
                ChecklistItem(id: "A-07", text: "转移人员确认安全后有序返回", appliesTo: peopleAround),
            ]),
        ]
    }

    // MARK: 三本台账

    /// The street's party/government leader answers for every facility in the street, as the
    /// street offices actually assign it; technical and maintenance leads are per facility.
    private static let streetLeaders: [String] = [
        "刘建新", "张志华", "陈伟民", "吴国强", "杨海燕", "郑明辉", "彭志远", "邱德胜", "曾庆华",
        "朱永康", "胡文斌", "方丽珍", "严振华", "蔡少雄", "霍伟光", "骆国平", "岑建军", "伍志明",
    ]

    private static let surnames: [String] = [
        "陈", "李", "黄", "梁", "何", "罗", "郭", "林", "麦", "邓", "冯", "钟", "谭", "潘", "卢", "区",
        "余", "吴", "杨", "张", "刘", "曾", "郑", "彭", "苏", "叶", "蔡", "关", "霍", "骆", "谢", "朱",
        "胡", "周", "邱", "方",
    ]

    private static let givenNames: [String] = [
        "志强", "慧敏", "俊杰", "丽萍", "国华", "晓东", "秀英", "家豪", "伟雄", "美玲", "永权", "淑仪",
        "锦荣", "嘉欣", "耀祖", "少芬", "卓文", "宝珊", "汉明", "月娥", "浩然", "颖诗", "振华", "素珍",
        "子轩", "碧霞", "德明", "雪梅", "建伟", "婉婷",
    ]

    /// The k-th made-up ledger person; the stride keeps names distinct across the whole ledger.
    private static func ledgerName(_ k: Int) -> String {
        surnames[k % surnames.count] + givenNames[(k * 7 + k / surnames.count) % givenNames.count]
    }

    static func contacts(for points: [HazardPoint]) -> [FloodContact] {
        points.enumerated().map { i, p in
            let s = Haizhu.streets.firstIndex(of: p.street) ?? 0
            return FloodContact(
                id: FloodContact.makeID(facility: p.name, street: p.street),
                facility: p.name,
                type: p.type.chinese,
                street: p.street,
                leader: ResponsiblePerson(name: streetLeaders[s], phone: phone(101 + s)),
                technical: ResponsiblePerson(name: ledgerName(2 * i), phone: phone(201 + 2 * i)),
                maintenance: ResponsiblePerson(name: ledgerName(2 * i + 1), phone: phone(202 + 2 * i))
            )
        }
    }
}
