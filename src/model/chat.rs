//! Chat prompts and their ChatML rendering, the format Qwen2 instruct models were
//! trained on. Prompts are built as plain data by the pipeline and rendered to text only
//! here, so the markers are written in one place.

/// Who speaks a message, which decides the ChatML role name the model sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Standing instructions for the whole chat.
    System,
    /// The request, or a worked example's request in few-shot prompts.
    User,
    /// A previous answer, used for few-shot examples.
    Assistant,
}

impl Role {
    /// The role name ChatML writes after `<|im_start|>`.
    fn name(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

/// One turn of a chat, kept as plain text so prompts stay testable without a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Who speaks.
    pub role: Role,
    /// What is said, rendered verbatim.
    pub content: String,
}

/// A chat to send: messages plus an optional start of the assistant's answer that the
/// model must continue (used to steer format, e.g. "- " to force a bullet list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChatPrompt {
    /// The turns in order, normally a system message first.
    pub messages: Vec<Message>,
    /// Text placed after the opening of the assistant's turn; the model continues it.
    pub answer_prefix: String,
}

impl ChatPrompt {
    /// Start a chat with its system instructions, which every Qwen2 chat opens with.
    pub fn new(system: impl Into<String>) -> Self {
        Self::default().with(Role::System, system.into())
    }

    /// Add a user turn: the request, or a few-shot example's request.
    pub fn user(self, text: impl Into<String>) -> Self {
        self.with(Role::User, text.into())
    }

    /// Add a system note later in the chat: instructions for the last request only,
    /// after turns that every request shares (so the model's cache keeps reusing them).
    pub fn system(self, text: impl Into<String>) -> Self {
        self.with(Role::System, text.into())
    }

    /// Add a finished assistant turn, to show the model an example answer.
    pub fn assistant(self, text: impl Into<String>) -> Self {
        self.with(Role::Assistant, text.into())
    }

    /// Set the text the answer must start with, to steer its format.
    pub fn answer_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.answer_prefix = prefix.into();
        self
    }

    /// Append one message.
    fn with(mut self, role: Role, content: String) -> Self {
        self.messages.push(Message { role, content });
        self
    }
}

/// Render as ChatML, ending inside an open assistant turn so the model writes the answer:
/// `<|im_start|>system\n{..}<|im_end|>\n<|im_start|>user\n{..}<|im_end|>\n<|im_start|>assistant\n{answer_prefix}`.
/// Messages are written exactly as given (no default system message is inserted).
pub fn render_chatml(prompt: &ChatPrompt) -> String {
    let mut text = String::new();
    for message in &prompt.messages {
        text.push_str("<|im_start|>");
        text.push_str(message.role.name());
        text.push('\n');
        text.push_str(&message.content);
        text.push_str("<|im_end|>\n");
    }
    text.push_str("<|im_start|>assistant\n");
    text.push_str(&prompt.answer_prefix);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_system_and_user_then_opens_the_answer() {
        let prompt = ChatPrompt::new("Be brief.").user("Hi");
        assert_eq!(
            render_chatml(&prompt),
            "<|im_start|>system\nBe brief.<|im_end|>\n\
             <|im_start|>user\nHi<|im_end|>\n\
             <|im_start|>assistant\n"
        );
    }

    #[test]
    fn renders_few_shot_turns_in_order_and_the_answer_prefix() {
        let prompt = ChatPrompt::new("Translate to English.")
            .user("안녕")
            .assistant("Hello")
            .user("고마워\n요")
            .answer_prefix("- ");
        assert_eq!(
            render_chatml(&prompt),
            "<|im_start|>system\nTranslate to English.<|im_end|>\n\
             <|im_start|>user\n안녕<|im_end|>\n\
             <|im_start|>assistant\nHello<|im_end|>\n\
             <|im_start|>user\n고마워\n요<|im_end|>\n\
             <|im_start|>assistant\n- "
        );
    }

    #[test]
    fn builder_keeps_roles_and_prefix_as_data() {
        let prompt = ChatPrompt::new("s")
            .user("u")
            .assistant("a")
            .answer_prefix("p");
        let roles: Vec<Role> = prompt.messages.iter().map(|m| m.role).collect();
        assert_eq!(roles, [Role::System, Role::User, Role::Assistant]);
        assert_eq!(prompt.answer_prefix, "p");
    }

    #[test]
    fn an_empty_prompt_only_opens_the_answer() {
        assert_eq!(
            render_chatml(&ChatPrompt::default()),
            "<|im_start|>assistant\n"
        );
    }
}
