//! Metrics, action types and the applicability table: which metric exists for which action type.
//!
//! This is the only copy of the table. The SQL view `amp_metric_applicability`, the function
//! `amp_metric_applies`, the CHECK on `amp_action_events` and the NULL mask of `amp_counts` and
//! `amp_series` all read it from here.

/// An action instance state counted by the report, in the order of the SQL enum `amp_event_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    Qualified,
    Offered,
    Accepted,
    Started,
    Engaged,
    Rejected,
    Errored,
    TimedOut,
}

/// A kind of action an action map offers, in the order of the SQL enum `amp_action_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionType {
    WebChat,
    Webhook,
    ContentOffer,
    ArchitectFlow,
}

/// A bit set of metrics: bit 0 is `qualified` and bit 7 is `timed_out`, in enum order.
pub type MetricMask = u8;

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::Qualified,
        Metric::Offered,
        Metric::Accepted,
        Metric::Started,
        Metric::Engaged,
        Metric::Rejected,
        Metric::Errored,
        Metric::TimedOut,
    ];

    /// Position in the SQL enum, which is also the counter index and the mask bit.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn bit(self) -> MetricMask {
        1 << self.index()
    }

    /// Label of the SQL enum value and of the result column.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Qualified => "qualified",
            Metric::Offered => "offered",
            Metric::Accepted => "accepted",
            Metric::Started => "started",
            Metric::Engaged => "engaged",
            Metric::Rejected => "rejected",
            Metric::Errored => "errored",
            Metric::TimedOut => "timed_out",
        }
    }

    /// Title the report gives the metric, used as a CSV header.
    pub fn report_title(self) -> &'static str {
        match self {
            Metric::Qualified => "Web Actions Qualified",
            Metric::Offered => "Web Actions Offered",
            Metric::Accepted => "Web Actions Accepted",
            Metric::Started => "Web Actions Started",
            Metric::Engaged => "Web Actions Engaged",
            Metric::Rejected => "Web Actions Rejected",
            Metric::Errored => "Web Actions Errored",
            Metric::TimedOut => "Web Actions Timed Out",
        }
    }

    pub fn from_label(label: &str) -> Option<Metric> {
        Metric::ALL
            .into_iter()
            .find(|metric| metric.label() == label)
    }
}

impl ActionType {
    pub const ALL: [ActionType; 4] = [
        ActionType::WebChat,
        ActionType::Webhook,
        ActionType::ContentOffer,
        ActionType::ArchitectFlow,
    ];

    /// Position in the SQL enum, which is also the bit in a set of seen action types.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionType::WebChat => "web_chat",
            ActionType::Webhook => "webhook",
            ActionType::ContentOffer => "content_offer",
            ActionType::ArchitectFlow => "architect_flow",
        }
    }

    pub fn from_label(label: &str) -> Option<ActionType> {
        ActionType::ALL
            .into_iter()
            .find(|action| action.label() == label)
    }

    /// Returns the set of metrics that exist for this action type.
    pub fn applicable_metrics(self) -> MetricMask {
        use Metric::*;
        let always = Qualified.bit() | Offered.bit() | Rejected.bit() | Errored.bit();
        match self {
            ActionType::WebChat => {
                always | Accepted.bit() | Started.bit() | Engaged.bit() | TimedOut.bit()
            }
            ActionType::Webhook => always | Engaged.bit(),
            ActionType::ContentOffer | ActionType::ArchitectFlow => always | Accepted.bit(),
        }
    }

    pub fn applies(self, metric: Metric) -> bool {
        self.applicable_metrics() & metric.bit() != 0
    }
}

/// Returns the metrics that apply to at least one action type in `seen`, a bit set of
/// `ActionType::index` positions.
pub fn mask_of_seen(seen: u8) -> MetricMask {
    ActionType::ALL
        .into_iter()
        .filter(|action| seen & (1 << action.index()) != 0)
        .fold(0, |mask, action| mask | action.applicable_metrics())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicability_matches_report_table() {
        let expected: [(ActionType, &[Metric]); 4] = [
            (ActionType::WebChat, &Metric::ALL),
            (
                ActionType::Webhook,
                &[
                    Metric::Qualified,
                    Metric::Offered,
                    Metric::Engaged,
                    Metric::Rejected,
                    Metric::Errored,
                ],
            ),
            (
                ActionType::ContentOffer,
                &[
                    Metric::Qualified,
                    Metric::Offered,
                    Metric::Accepted,
                    Metric::Rejected,
                    Metric::Errored,
                ],
            ),
            (
                ActionType::ArchitectFlow,
                &[
                    Metric::Qualified,
                    Metric::Offered,
                    Metric::Accepted,
                    Metric::Rejected,
                    Metric::Errored,
                ],
            ),
        ];
        for (action, metrics) in expected {
            for metric in Metric::ALL {
                assert_eq!(
                    action.applies(metric),
                    metrics.contains(&metric),
                    "{action:?} {metric:?}"
                );
            }
        }
    }

    #[test]
    fn labels_round_trip() {
        for metric in Metric::ALL {
            assert_eq!(Metric::from_label(metric.label()), Some(metric));
        }
        for action in ActionType::ALL {
            assert_eq!(ActionType::from_label(action.label()), Some(action));
        }
        assert_eq!(Metric::from_label("abandoned"), None);
    }

    #[test]
    fn mask_of_seen_unions_types() {
        assert_eq!(mask_of_seen(0), 0);
        let webhook_and_offer =
            (1 << ActionType::Webhook.index()) | (1 << ActionType::ContentOffer.index());
        let mask = mask_of_seen(webhook_and_offer);
        assert!(mask & Metric::Engaged.bit() != 0);
        assert!(mask & Metric::Accepted.bit() != 0);
        assert_eq!(mask & Metric::Started.bit(), 0);
        assert_eq!(mask & Metric::TimedOut.bit(), 0);
    }
}
